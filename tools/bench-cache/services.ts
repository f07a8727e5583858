import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnService, waitForHttp, type ServiceProcess } from '../local-stack/processes.js';
import { signal } from './apart.js';
import type { BareFixture } from './bare-app.js';
import { courseDatabaseEnv } from './catalog-db.js';
import type { Cleanup } from './cleanup.js';
import { freePort } from './private-server.js';

export const REPO_ROOT = new URL('../../..', import.meta.url).pathname;
export const RUN_DIR = join(REPO_ROOT, '.run', 'bench-cache');
const DIST = join(REPO_ROOT, 'dist');

/** Each run's service logs start empty (spawnService appends). */
export function resetRunDir(): void {
  rmSync(RUN_DIR, { recursive: true, force: true });
  mkdirSync(RUN_DIR, { recursive: true });
}

export interface RunningService {
  name: string;
  url: string;
  pid: number | undefined;
}

export interface CourseServiceOptions {
  name: string;
  redisUrl: string;
  natsUrl: string;
  logLevel: string;
  /** Extra settings, e.g. `CACHE_L1_TTL_MS`. */
  env?: Record<string, string>;
}

async function start(
  cleanup: Cleanup,
  name: string,
  entry: string,
  env: Record<string, string>,
  probe: string,
): Promise<RunningService> {
  const port = await freePort();
  const child: ServiceProcess = spawnService({
    name,
    entry: join(DIST, entry),
    env: { ...env, PORT: String(port) },
    logDir: RUN_DIR,
  });
  cleanup.add(name, () => {
    // A run interrupted while this service was paused for another's measurement: a stopped process
    // would not act on SIGTERM.
    if (child.child.pid !== undefined) signal({ name, url: '', pid: child.child.pid }, 'SIGCONT');
    return child.stop();
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(name, `${url}${probe}`, child.child, 60_000);
  return { name, url, pid: child.child.pid };
}

/**
 * The built course service as production runs it: NODE_ENV=production, a random JWT secret, no
 * memory fallback, readiness degraded (not down) while Redis is away, replicas through PgBouncer.
 */
export function startCourseService(cleanup: Cleanup, options: CourseServiceOptions): Promise<RunningService> {
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: options.logLevel,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    REDIS_URL: options.redisUrl,
    NATS_URL: options.natsUrl,
    REDIS_MEMORY_FALLBACK: 'false',
    REDIS_OUTAGE_READINESS: 'degraded',
    ...courseDatabaseEnv(),
    ...options.env,
  };
  return start(cleanup, options.name, 'apps/course/src/main.js', env, '/health/ready');
}

/** The bare NestJS-on-Fastify app, serving `fixture` at `GET /api/courses`. */
export function startBareApp(cleanup: Cleanup, fixture: BareFixture): Promise<RunningService> {
  mkdirSync(RUN_DIR, { recursive: true });
  const fixtureFile = join(RUN_DIR, 'bare-fixture.json');
  writeFileSync(fixtureFile, JSON.stringify(fixture));
  const env = { NODE_ENV: 'production', BARE_FIXTURE: fixtureFile };
  return start(cleanup, 'bare', 'tools/bench-cache/bare-server.js', env, '/api/courses');
}
