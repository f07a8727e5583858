import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { dropDatabase, withPgClient } from '@azora/database';
import { LocalStack } from '../../tools/local-stack/stack.js';
import { TEST_ADMIN_URL, TEST_JWT_SECRET, TEST_REDIS_URL } from './env.js';
import { freePort, startPrivateNats } from './private-nats.js';

const root = new URL('../..', import.meta.url).pathname;

export interface E2EStack {
  stack: LocalStack;
  gateway: string;
  databaseAdminUrl: string;
  /** Reads the stack's database as a superuser, to check what the API cannot show (charges, events). */
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  close(): Promise<void>;
}

/** The whole platform as separate processes on a database of its own, as `npm start` runs it. */
export async function startE2EStack(label: string): Promise<E2EStack> {
  const nats = await startPrivateNats();
  const ports = { gateway: await freePort(), auth: await freePort(), course: await freePort(), payment: await freePort() };
  const database = `azora_e2e_${label}_${randomBytes(3).toString('hex')}`;
  const stack = new LocalStack({
    adminUrl: TEST_ADMIN_URL,
    database,
    ports,
    redisUrl: TEST_REDIS_URL,
    natsUrl: nats.url,
    jwtSecret: TEST_JWT_SECRET,
    distDir: join(root, 'dist'),
    logDir: join(root, '.run', 'e2e-logs', database),
    logLevel: 'warn',
    env: {
      auth: { REDIS_MEMORY_FALLBACK: 'false' },
      course: { REDIS_MEMORY_FALLBACK: 'false' },
      payment: { REDIS_MEMORY_FALLBACK: 'false' },
    },
  });
  const close = async (): Promise<void> => {
    await stack.stop();
    await nats.stop();
    await dropDatabase(TEST_ADMIN_URL, database);
  };
  try {
    await stack.start();
  } catch (error) {
    await close();
    throw error;
  }
  const query = <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    withPgClient(stack.databaseAdminUrl, (client) => client.query<R>(sql, params));
  return { stack, gateway: stack.gatewayUrl, databaseAdminUrl: stack.databaseAdminUrl, query, close };
}
