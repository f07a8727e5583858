import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BaseEnv } from '@azora/config';
import type { ServiceDatabaseOptions } from './data-source-options.js';

const logger = new Logger('Migrations');

/** Stable 32-bit key so that pods of one service booting together migrate one at a time. */
function lockKey(schema: string): number {
  let hash = 0;
  for (const char of `azora:migrations:${schema}`) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

export async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey(schema)]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`applied ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockKey(schema)]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Migrates over its own short-lived, direct connection: the advisory lock is session state, which
 * PgBouncer's transaction mode would not keep (DATABASE_MIGRATION_URL bypasses the pooler).
 */
export async function migrateService(options: ServiceDatabaseOptions, config: BaseEnv): Promise<void> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: config.DATABASE_MIGRATION_URL || config.DATABASE_URL,
    schema: options.schema,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    extra: { max: 2 },
  });
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource, options.schema);
  } finally {
    await dataSource.destroy();
  }
}
