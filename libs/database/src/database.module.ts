import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import { buildDataSourceOptions, type ServiceDatabaseOptions } from './data-source-options.js';
import { runMigrationsLocked } from './migrations.js';
import { ReadRouting } from './read-routing.js';

const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

@Module({})
export class DatabaseModule implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: BaseEnv,
    @Inject(DATABASE_OPTIONS) private readonly options: ServiceDatabaseOptions,
  ) {}

  static forService(service: string, options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: BaseEnv) =>
            buildDataSourceOptions(options, { url: config.DATABASE_URL, applicationName: `azora-${service}` }),
        }),
      ],
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, ReadRouting],
      exports: [ReadRouting],
      global: true,
    };
  }

  async onModuleInit(): Promise<void> {
    if (this.config.DB_MIGRATE_ON_BOOT) await runMigrationsLocked(this.dataSource, this.options.schema);
  }
}
