import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import { ReadYourWrites } from './consistency/read-your-writes.js';
import { ReadYourWritesInterceptor } from './consistency/read-your-writes.interceptor.js';
import { buildDataSourceOptions, DATABASE_OPTIONS, parseUrlList, type ServiceDatabaseOptions } from './data-source-options.js';
import { registerDatabaseGauges } from './metrics/pool-metrics.js';
import { migrateService } from './migrations.js';
import { ReadRouting } from './read-routing.js';
import { ReplicationService } from './replication/replication.service.js';

const SERVICE_NAME = Symbol('SERVICE_NAME');

@Module({})
export class DatabaseModule implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly replication: ReplicationService,
    @Inject(APP_CONFIG) private readonly config: BaseEnv,
    @Inject(DATABASE_OPTIONS) private readonly options: ServiceDatabaseOptions,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  static forService(service: string, options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: BaseEnv) =>
            buildDataSourceOptions(options, {
              service,
              url: config.DATABASE_URL,
              replicaUrls: parseUrlList(config.DATABASE_REPLICA_URLS),
              poolSize: config.DB_POOL_SIZE,
              slowQueryMs: config.DB_SLOW_QUERY_MS,
            }),
        }),
      ],
      providers: [
        { provide: DATABASE_OPTIONS, useValue: options },
        { provide: SERVICE_NAME, useValue: service },
        ReplicationService,
        ReadYourWrites,
        ReadRouting,
        ...(options.replicaReads ? [{ provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor }] : []),
      ],
      exports: [ReadRouting, ReplicationService],
    };
  }

  async onModuleInit(): Promise<void> {
    if (this.config.DB_MIGRATE_ON_BOOT) await migrateService(this.options, this.config);
    const driver = this.dataSource.driver as unknown as { master: Pool; slaves: Pool[] };
    registerDatabaseGauges(this.service, { primary: driver.master, replicas: driver.slaves, monitor: this.replication.monitor });
  }
}
