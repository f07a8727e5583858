import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { dropDatabase } from '@azora/database';
import { canConnect } from '../../tools/local-stack/dependencies.js';
import { LocalStack } from '../../tools/local-stack/stack.js';
import { TEST_ADMIN_URL, TEST_JWT_SECRET, TEST_REDIS_URL } from './env.js';

const root = new URL('../..', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** A NATS of this stack's own, so that no other spec's services answer its messages. */
async function startPrivateNats(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await canConnect(url)); i++) await new Promise((r) => setTimeout(r, 50));
  return { url, process: child };
}

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
    env: { auth: { REDIS_MEMORY_FALLBACK: 'false' }, course: { REDIS_MEMORY_FALLBACK: 'false' }, payment: { REDIS_MEMORY_FALLBACK: 'false' } },
  });
  const close = async (): Promise<void> => {
    await stack.stop();
    nats.process.kill('SIGTERM');
    await dropDatabase(TEST_ADMIN_URL, database);
  };
  try {
    await stack.start();
  } catch (error) {
    await close();
    throw error;
  }
  const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: stack.databaseAdminUrl });
    await client.connect();
    try {
      return await client.query<R>(sql, params);
    } finally {
      await client.end();
    }
  };
  return { stack, gateway: stack.gatewayUrl, databaseAdminUrl: stack.databaseAdminUrl, query, close };
}
