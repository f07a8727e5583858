import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PricingService } from '../../../apps/course/src/pricing/pricing.service.js';
import { createCourse, signIn, type CourseBody } from '../course/course-service.js';
import { countQueries } from '../course/query-counter.js';
import { get, RELAXED_TIMEOUT, patchCourse, startCachedCourseService, type CachedCourseService } from './cache-service.js';

let service: CachedCourseService;
let instructor: { id: string; authorization: string };
let course: CourseBody;

const burst = <T>(work: () => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: 200 }, work));

beforeAll(async () => {
  service = await startCachedCourseService('cache_stampede', RELAXED_TIMEOUT);
  instructor = await signIn(service.app, 'instructor');
  course = await createCourse(service.app, instructor.authorization);
});

afterAll(async () => {
  await service?.close();
});

describe('stampede protection', () => {
  it('200 concurrent requests on a cold detail key make one database query', async () => {
    let served: Awaited<ReturnType<typeof get>>[] = [];
    const queries = await countQueries(service.app, async () => {
      served = await burst(() => get(service.app, `/api/courses/${course.id}`));
    });
    expect(queries).toBeLessThanOrEqual(1);
    expect(served.every((response) => response.status === 200 && response.body.id === course.id)).toBe(true);
  });

  it('after a write, 200 concurrent requests on the new key again make one query, and see the write', async () => {
    await patchCourse(service.app, instructor.authorization, course.id, { title: 'Stampede after write' });
    let titles: string[] = [];
    const queries = await countQueries(service.app, async () => {
      titles = (await burst(() => get(service.app, `/api/courses/${course.id}`))).map((response) => response.body.title);
    });
    expect(queries).toBeLessThanOrEqual(1);
    expect(new Set(titles)).toEqual(new Set(['Stampede after write']));
  });

  it('200 concurrent requests on a cold catalog page compute it once (its page query and its count)', async () => {
    const queries = await countQueries(service.app, () => burst(() => get(service.app, '/api/courses?limit=7')));
    expect(queries).toBeLessThanOrEqual(2);
  });

  it('200 concurrent quotes of a cold key make one query', async () => {
    const student = await signIn(service.app);
    const pricing = service.app.get(PricingService);
    const queries = await countQueries(service.app, () =>
      burst(() => pricing.quote({ userId: student.id, courseIds: [course.id] })),
    );
    expect(queries).toBeLessThanOrEqual(1);
  });
});
