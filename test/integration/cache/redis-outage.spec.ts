import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
