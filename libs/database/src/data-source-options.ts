import type { DataSourceOptions, MixedList } from 'typeorm';

export interface ServiceDatabaseOptions {
  /** The service's own schema; its role owns it and nothing else. */
  schema: string;
  // TypeORM's own option types are untyped lists of classes.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

export interface ConnectionSettings {
  url: string;
  applicationName: string;
  poolSize?: number;
}

/** One place that sets how every service talks to PostgreSQL. Never `synchronize`. */
export function buildDataSourceOptions(db: ServiceDatabaseOptions, connection: ConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: connection.url,
    schema: db.schema,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    applicationName: connection.applicationName,
    extra: { max: connection.poolSize ?? 20, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 },
  };
}
