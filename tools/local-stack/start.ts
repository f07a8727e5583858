import { join } from 'node:path';
import { LOCAL_PORTS, SERVICES } from '@azora/routing';
import { ensureServer, postgresAnswers, PRIVATE_NATS, PRIVATE_REDIS } from './dependencies.js';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres.js';
import { seedDemoData, DEMO_ACCOUNTS } from './seed.js';
import { LocalStack } from './stack.js';

const root = new URL('../../..', import.meta.url).pathname;
const log = (line: string): void => console.log(`[azora] ${line}`);

async function database(): Promise<{ adminUrl: string; embedded?: RunningPostgres }> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    if (!(await postgresAnswers(configured))) throw new Error(`PostgreSQL does not answer at DATABASE_URL`);
    return { adminUrl: configured };
  }
  log('no DATABASE_URL: starting the embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres(join(root, '.data'), log);
  return { adminUrl: embedded.adminUrl, embedded };
}

async function main(): Promise<void> {
  const { adminUrl, embedded } = await database();
  const configuredRedis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = await ensureServer(configuredRedis, PRIVATE_REDIS, log);
  // Without any Redis each process keeps its own sessions: sign-in works per service only.
  if (!redis.url) log(`Redis is unreachable at ${configuredRedis} and not installed: services fall back to process memory`);
  const nats = await ensureServer(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', PRIVATE_NATS, log);
  if (!nats.url) throw new Error('NATS is not reachable and nats-server is not installed: set NATS_URL or install nats-server');

  const stack = new LocalStack({
    adminUrl,
    database: process.env.DATABASE_NAME ?? 'azora',
    ports: LOCAL_PORTS,
    redisUrl: redis.url ?? configuredRedis,
    natsUrl: nats.url,
    env: Object.fromEntries(SERVICES.map((service) => [service, { REDIS_MEMORY_FALLBACK: 'true' }])),
    jwtSecret: process.env.JWT_SECRET ?? 'azora-local-development-secret-0123456789',
    distDir: join(root, 'dist'),
    logDir: join(root, '.data', 'logs'),
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    echo: true,
  });

  const shutdown = async (exitCode: number): Promise<void> => {
    log('stopping');
    await stack.stop();
    nats.stop();
    redis.stop();
    await embedded?.stop();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    await stack.start();
    await seedDemoData(stack.databaseAdminUrl, log);
  } catch (error) {
    console.error(error);
    return shutdown(1);
  }
  log(`ready: gateway at ${stack.gatewayUrl} (logs in .data/logs)`);
  for (const account of DEMO_ACCOUNTS) log(`  ${account.role}: ${account.email} / ${account.password}`);
  log('Ctrl-C stops everything');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
