import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccessTokenService, SessionStore, type Role } from '@azora/auth';
import { loadConfig, type BaseEnv } from '@azora/config';
import { createServiceApp, type ServiceAppOptions } from '@azora/platform';
import { TEST_JWT_SECRET, TEST_NATS_URL, TEST_REDIS_URL } from './env.js';

/** The service's validated config, pointed at the test database and the machine's Redis and NATS. */
export function testConfig<T extends BaseEnv>(schema: new () => T, databaseUrl: string, extra: Record<string, string> = {}): T {
  return loadConfig(schema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    NATS_URL: TEST_NATS_URL,
    JWT_SECRET: TEST_JWT_SECRET,
    REDIS_MEMORY_FALLBACK: 'false',
    ...extra,
  });
}

/** Boots a service in-process exactly as main.ts does, without listening: drive it with `app.inject()`. */
export async function bootTestService(rootModule: unknown, options: ServiceAppOptions): Promise<NestFastifyApplication> {
  const app = await createServiceApp(rootModule, options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Signs a user in directly through the session layer, as the auth service would. */
export async function bearerFor(app: NestFastifyApplication, userId: string, role: Role = 'student'): Promise<string> {
  const { sessionId } = await app.get(SessionStore).create(userId, role);
  const token = await app.get(AccessTokenService).sign({ id: userId, role, sessionId });
  return `Bearer ${token}`;
}
