import { DataSource } from 'typeorm';
import {
  createDatabaseIfMissing,
  developmentPassword,
  provisionServiceSchemas,
  runMigrationsLocked,
  serviceRole,
  SERVICE_SCHEMAS,
  withDatabase,
  withPgClient,
  type SchemaOwner,
  type ServiceDatabaseOptions,
} from '@azora/database';
import { AUTH_DATABASE } from '../../apps/auth/src/auth-app.module.js';
import { COURSE_DATABASE } from '../../apps/course/src/course-app.module.js';
import { PAYMENT_DATABASE } from '../../apps/payment/src/payment-app.module.js';

/** Each service's schema and migrations, exactly as the service runs them at boot. */
export const SERVICE_DATABASES: Readonly<Record<SchemaOwner, ServiceDatabaseOptions>> = {
  auth: AUTH_DATABASE,
  course: COURSE_DATABASE,
  payment: PAYMENT_DATABASE,
};

const SERVICES = Object.keys(SERVICE_SCHEMAS) as SchemaOwner[];

/** Creates the database named in `adminUrl` when it does not exist yet (through the server's `postgres` database). */
export async function ensureDatabase(adminUrl: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(adminUrl).pathname.slice(1));
  if (!name) throw new Error(`${adminUrl} names no database`);
  const exists = await withPgClient(withDatabase(adminUrl, 'postgres'), async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (rowCount ?? 0) > 0;
  });
  if (!exists) await createDatabaseIfMissing(withDatabase(adminUrl, 'postgres'), name);
  return !exists;
}

/**
 * Provisions roles and schemas (with the development passwords) only when a service schema is
 * missing: an already provisioned server keeps its role passwords.
 */
export async function ensureProvisioned(adminUrl: string): Promise<boolean> {
  const present = await withPgClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM pg_namespace WHERE nspname = ANY($1::text[])',
      [Object.values(SERVICE_SCHEMAS)],
    );
    return rows[0]!.count;
  });
  if (present === SERVICES.length) return false;
  await provisionServiceSchemas(adminUrl, developmentPassword);
  return true;
}

/**
 * Applies every service's pending migrations. Connects with `adminUrl` but as the service's role
 * (`SET ROLE` at connection start), so the tables belong to that role exactly as if the service had
 * migrated itself, without knowing the role's password.
 */
export async function migrateServices(adminUrl: string, services: readonly SchemaOwner[] = SERVICES): Promise<void> {
  for (const service of services) {
    const database = SERVICE_DATABASES[service];
    // The same schema, migrations and migrations table as buildDataSourceOptions gives the service;
    // no entities, pool of two (the advisory lock holds one connection, the migrations use the other).
    const dataSource = new DataSource({
      type: 'postgres',
      url: adminUrl,
      schema: database.schema,
      entities: [],
      migrations: database.migrations,
      migrationsTableName: 'migrations',
      synchronize: false,
      applicationName: `azora-seed-migrate-${service}`,
      extra: { max: 2, options: `-c role=${serviceRole(service)} -c search_path=${database.schema}` },
    });
    await dataSource.initialize();
    try {
      await runMigrationsLocked(dataSource, database.schema);
    } finally {
      await dataSource.destroy();
    }
  }
}

/** A database ready to seed: created if missing, provisioned if never provisioned, migrated. */
export async function prepareDatabase(adminUrl: string, log: (line: string) => void = () => undefined): Promise<void> {
  if (await ensureDatabase(adminUrl)) log(`created database ${new URL(adminUrl).pathname.slice(1)}`);
  if (await ensureProvisioned(adminUrl)) log('provisioned the service roles and schemas (development passwords)');
  await migrateServices(adminUrl);
}
