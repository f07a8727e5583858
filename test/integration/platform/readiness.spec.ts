import { spawn, type ChildProcess } from 'node:child_process';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPgClient } from '@azora/database';
import { AUTH_SERVICE, AuthAppModule } from '../../../apps/auth/src/auth-app.module.js';
import { AuthEnv } from '../../../apps/auth/src/config/auth.env.js';
import { canConnect } from '../../../tools/local-stack/dependencies.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { TEST_ADMIN_URL } from '../../support/env.js';
import { freePort } from '../../support/private-nats.js';
import { eventually } from '../../support/eventually.js';
import { bootTestService, testConfig } from '../../support/service-app.js';

let db: TestDatabase;
let app: NestFastifyApplication;
let redisPort: number;
let redis: ChildProcess | undefined;

const credentials = { email: 'ready@example.com', password: 'long-enough-1' };
const ready = () => app.inject({ url: '/health/ready' });
const login = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: credentials });

/** Production settings: no memory fallback, and Redis not running when the service boots. */
beforeAll(async () => {
  db = await createTestDatabase('readiness');
  redisPort = await freePort();
  const config = testConfig(AuthEnv, db.urlFor('auth'), { REDIS_URL: `redis://127.0.0.1:${redisPort}` });
  app = await bootTestService(AuthAppModule.forRoot(config), { identity: AUTH_SERVICE });
});

afterAll(async () => {
  await app?.close();
  redis?.kill();
  await db?.drop();
});

describe('readiness and dependency outages', () => {
  it('boots without Redis: live, not ready, and sign-in answers 503 instead of failing', async () => {
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const readiness = await ready();
    expect(readiness.statusCode).toBe(503);
    expect(readiness.json().error.redis.status).toBe('down');

    const registered = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { ...credentials, name: 'R' } });
    expect(registered.statusCode).toBe(201);
    const response = await login();
    expect(response.statusCode).toBe(503);
    expect(response.json().code).toBe('AUTH.SESSION_STORE_UNAVAILABLE');
    expect(response.headers['retry-after']).toBeDefined();
  });

  it('becomes ready by itself once Redis comes up', async () => {
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await eventually(() => canConnect(`redis://127.0.0.1:${redisPort}`));
    await eventually(async () => (await ready()).statusCode === 200);
    expect((await login()).statusCode).toBe(200);
  });

  it('reports 503 while PostgreSQL refuses connections, and recovers', async () => {
    const setAllowed = (allowed: boolean) =>
      withPgClient(TEST_ADMIN_URL, async (client) => {
        await client.query(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS ${allowed}`);
        if (!allowed) await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
      });
    await setAllowed(false);
    try {
      await eventually(async () => (await ready()).statusCode === 503);
      expect((await ready()).json().error.database.status).toBe('down');
    } finally {
      await setAllowed(true);
    }
    await eventually(async () => (await ready()).statusCode === 200);
  });
});
