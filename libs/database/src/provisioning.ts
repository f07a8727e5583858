import pg from 'pg';

/** Each service's schema, owned by a role of its own: no service can read another's tables. */
export const SERVICE_SCHEMAS = { auth: 'auth', course: 'course', payment: 'payment' } as const;
export type SchemaOwner = keyof typeof SERVICE_SCHEMAS;

export const serviceRole = (service: SchemaOwner): string => `azora_${service}`;

/** Role passwords on development and test servers (local stack, test suite, the replica topology); never in production. */
export const developmentPassword = (service: SchemaOwner): string => `${service}-local-pw`;

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** One short-lived connection for tooling (provisioning, seeding, test checks), never for request paths. */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createDatabaseIfMissing(adminUrl: string, database: string, template?: string): Promise<void> {
  await withPgClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE ${quoteIdent(database)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ''}`);
  });
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withPgClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
}

/** Idempotent: roles with login and password, one schema per service, nothing granted to PUBLIC. */
export async function provisionServiceSchemas(
  databaseAdminUrl: string,
  password: (service: SchemaOwner) => string,
): Promise<void> {
  await withPgClient(databaseAdminUrl, async (client) => {
    const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    // Catalog search (ILIKE '%q%') needs trigram indexes; only a superuser may create the extension.
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
    await client.query(`REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`);
    for (const service of Object.keys(SERVICE_SCHEMAS) as SchemaOwner[]) {
      const role = quoteIdent(serviceRole(service));
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [serviceRole(service)]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await client.query(`${verb} ROLE ${role} LOGIN PASSWORD ${quoteLiteral(password(service))}`);
      await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(database)} TO ${role}`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(SERVICE_SCHEMAS[service])} AUTHORIZATION ${role}`);
      await client.query(
        `ALTER ROLE ${role} IN DATABASE ${quoteIdent(database)} SET search_path = ${quoteIdent(SERVICE_SCHEMAS[service])}`,
      );
    }
  });
}

/** The URL a service connects with: same server and database as `adminUrl`, the service's own role. */
export function serviceDatabaseUrl(adminUrl: string, service: SchemaOwner, password: string): string {
  const url = new URL(adminUrl);
  url.username = serviceRole(service);
  url.password = password;
  return url.toString();
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
