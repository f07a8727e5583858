import type { DataSourceOptions, MixedList } from 'typeorm';
import { createQueryMetricsSubscriber } from './metrics/query-metrics.subscriber.js';

/** The service's `ServiceDatabaseOptions`, as a provider. */
export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface ServiceDatabaseOptions {
  /** The service's own schema; its role owns it and nothing else. */
  schema: string;
  // TypeORM's own option types are untyped lists of classes.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /**
   * The service reads from replicas (`ReadRouting.replica()`): only then does a user's write record
   * its WAL position for read-your-writes, a `pg_current_wal_lsn()` and a Redis write per request.
   */
  replicaReads?: boolean;
}

export interface ConnectionSettings {
  service: string;
  url: string;
  replicaUrls?: readonly string[];
  poolSize?: number;
  slowQueryMs?: number;
}

export const QUERY_TIMEOUT_MS = 15_000;

export const parseUrlList = (list: string): string[] =>
  list
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);

/**
 * One place that sets how every service talks to PostgreSQL. Never `synchronize`. With replicas,
 * TypeORM's default for SELECTs is switched to the primary: a replica is only ever an explicit choice.
 * Statements are unnamed (node-postgres' default), so PgBouncer's transaction mode is safe.
 */
export function buildDataSourceOptions(db: ServiceDatabaseOptions, connection: ConnectionSettings): DataSourceOptions {
  const replicaUrls = connection.replicaUrls ?? [];
  return {
    type: 'postgres',
    ...(replicaUrls.length > 0
      ? {
          replication: {
            master: { url: connection.url },
            slaves: replicaUrls.map((url) => ({ url })),
            defaultMode: 'master' as const,
          },
        }
      : { url: connection.url }),
    schema: db.schema,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    subscribers: [createQueryMetricsSubscriber(connection.service, connection.slowQueryMs ?? 50)],
    applicationName: `azora-${connection.service}`,
    // A server that stops answering mid-query must fail the query, so a replica read can fall back to the primary.
    extra: {
      max: connection.poolSize ?? 20,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 5_000,
      query_timeout: QUERY_TIMEOUT_MS,
    },
  };
}
