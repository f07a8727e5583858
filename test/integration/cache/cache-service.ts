import { spawn, type ChildProcess } from 'node:child_process';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { expect } from 'vitest';
import { canConnect } from '../../../tools/local-stack/dependencies.js';
import { CourseEnv } from '../../../apps/course/src/config/course.env.js';
import { COURSE_SERVICE, CourseAppModule } from '../../../apps/course/src/course-app.module.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/private-nats.js';
import { bootTestService, testConfig } from '../../support/service-app.js';

export interface CachedCourseService {
  db: TestDatabase;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

/**
 * For specs about what is cached (not about slow Redis): the 50 ms budget measures event-loop time
 * too, and a loaded test machine running every spec file at once would trip the circuit breaker and
 * turn the hits these specs expect into bypasses. The outage spec keeps the production budget.
 */
export const RELAXED_TIMEOUT = { CACHE_OP_TIMEOUT_MS: '1000' };

/** A fresh database (so a cache namespace of its own) and an in-process course service on it. */
export async function startCachedCourseService(label: string, env: Record<string, string> = {}): Promise<CachedCourseService> {
  const db = await createTestDatabase(label);
  const app = await bootTestService(CourseAppModule.forRoot(testConfig(CourseEnv, db.urlFor('course'), env)), {
    identity: COURSE_SERVICE,
  });
  return {
    db,
    app,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export interface Served {
  status: number;
  cache: string | undefined;
  body: any;
}

export async function get(app: NestFastifyApplication, url: string, authorization?: string): Promise<Served> {
  const response = await app.inject({ url, headers: authorization ? { authorization } : {} });
  const cache = response.headers['x-cache'];
  return {
    status: response.statusCode,
    cache: typeof cache === 'string' ? cache : undefined,
    body: response.body ? JSON.parse(response.body) : undefined,
  };
}

export async function patchCourse(
  app: NestFastifyApplication,
  authorization: string,
  id: string,
  changes: Record<string, unknown>,
): Promise<void> {
  const response = await app.inject({ method: 'PATCH', url: `/api/courses/${id}`, payload: changes, headers: { authorization } });
  expect(response.statusCode, response.body).toBe(200);
}

/** A redis-server of the spec's own on a free port, which the spec may stop and start again. */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await eventually(() => canConnect(this.url));
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
