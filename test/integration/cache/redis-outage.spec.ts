import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisConnection, VersionedCache } from '@azora/cache';
import { bearerFor } from '../../support/service-app.js';
import { eventually } from '../../support/eventually.js';
import { createCourse, type CourseBody } from '../course/course-service.js';
import { get, PrivateRedis, startCachedCourseService, type CachedCourseService } from './cache-service.js';

let redis: PrivateRedis;
let service: CachedCourseService;
let course: CourseBody;

const ready = () => service.app.inject({ url: '/health/ready' });
const anonymousUrls = () => ['/api/courses?limit=20', `/api/courses/${course.id}`, '/api/courses?limit=5&sort=title'];

beforeAll(async () => {
  redis = await PrivateRedis.start();
  service = await startCachedCourseService('cache_outage', { REDIS_URL: redis.url });
  const instructor = await bearerFor(service.app, randomUUID(), 'instructor');
  course = await createCourse(service.app, instructor);
  for (let i = 0; i < 5; i++) await createCourse(service.app, instructor);
});

afterAll(async () => {
  await service?.close();
  await redis?.stop();
});

describe('Redis stopped in the middle of a run', () => {
  it('serves every anonymous catalog request from the database, reports degraded, and resumes caching by itself', async () => {
    for (const url of anonymousUrls()) await get(service.app, url);
    expect((await get(service.app, anonymousUrls()[0]!)).cache).toBe('hit');

    const statuses: number[] = [];
    const caches: string[] = [];
    let running = true;
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (running) {
          for (const url of anonymousUrls()) {
            const response = await get(service.app, url);
            statuses.push(response.status);
            caches.push(response.cache ?? '');
          }
        }
      }),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const readiness = await ready();
      expect(readiness.statusCode).toBe(200);
      expect(readiness.json()).toMatchObject({ status: 'degraded', details: { redis: { status: 'degraded' } } });
      expect(caches).toContain('bypass');

      await redis.start();
      await eventually(async () => (await get(service.app, anonymousUrls()[0]!)).cache === 'hit', 15_000);
      await eventually(async () => (await ready()).json().status === 'ok', 15_000);
    } finally {
      running = false;
      await load;
    }
    expect(statuses.length).toBeGreaterThan(100);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 60_000);

  it('does not ask a failing Redis twice for one response when the early lookup of a hit found it gone', async () => {
    const url = anonymousUrls()[0]!;
    await eventually(async () => (await get(service.app, url)).cache === 'hit', 15_000);
    const cache = service.app.get(VersionedCache);
    expect(cache.breaker.state).toBe('closed');
    await redis.stop();
    // Until the process has seen its connections drop, a hit whose versions and value it holds is
    // still served from memory (nothing could have changed them): wait for that, and for writes and
    // unlocks of earlier requests still under way to fail, then count this request's failures only.
    const connection = service.app.get(RedisConnection);
    await eventually(() => connection.tracked?.isReady === false && connection.client?.isReady === false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const failed = vi.spyOn(cache.breaker, 'failed');
    try {
      const response = await get(service.app, url);
      expect([response.status, response.cache]).toEqual([200, 'bypass']);
      // The early lookup, then the data layer's own lookup of the catalog total: the response layer
      // does not ask Redis again for the same request (that was a third failure and timeout).
      expect(failed).toHaveBeenCalledTimes(2);
    } finally {
      failed.mockRestore();
      await redis.start();
    }
  }, 30_000);
});
