import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PricingService } from '../../../apps/course/src/pricing/pricing.service.js';
import { createCourse, signIn, type CourseBody } from '../course/course-service.js';
import { countQueries, recordQueries } from '../course/query-counter.js';
import { get, RELAXED_TIMEOUT, patchCourse, startCachedCourseService, type CachedCourseService } from './cache-service.js';

let service: CachedCourseService;
let instructor: { id: string; authorization: string };
let course: CourseBody;

const quote = (userId: string, courseIds: string[]) => service.app.get(PricingService).quote({ userId, courseIds });

beforeAll(async () => {
  service = await startCachedCourseService('cache_data', RELAXED_TIMEOUT);
  instructor = await signIn(service.app, 'instructor');
  course = await createCourse(service.app, instructor.authorization, { priceCents: 1500 });
});

afterAll(async () => {
  await service?.close();
});

describe('data layer: prices for the payment service', () => {
  it('answers a repeated quote without a query, and a price change or unpublish at once', async () => {
    const student = await signIn(service.app);
    expect((await quote(student.id, [course.id])).courses[0]).toMatchObject({ priceCents: 1500, alreadyEnrolled: false });
    expect(await countQueries(service.app, () => quote(student.id, [course.id.toUpperCase()]))).toBe(0);

    await patchCourse(service.app, instructor.authorization, course.id, { priceCents: 2500 });
    expect((await quote(student.id, [course.id])).courses[0]).toMatchObject({ priceCents: 2500 });

    await patchCourse(service.app, instructor.authorization, course.id, { published: false });
    expect((await quote(student.id, [course.id])).courses).toEqual([]);
    await patchCourse(service.app, instructor.authorization, course.id, { published: true });
    expect((await quote(student.id, [course.id])).courses).toHaveLength(1);
  });

  it('sees a new enrollment of that user at once', async () => {
    const free = await createCourse(service.app, instructor.authorization, { priceCents: 0 });
    const student = await signIn(service.app);
    expect((await quote(student.id, [free.id])).courses[0]!.alreadyEnrolled).toBe(false);
    await service.app.inject({
      method: 'POST',
      url: `/api/courses/${free.id}/enroll`,
      headers: { authorization: student.authorization },
    });
    expect((await quote(student.id, [free.id])).courses[0]!.alreadyEnrolled).toBe(true);
  });

  it('counts a listing once for all its pages, and again after a catalog write', async () => {
    const category = `totals-${Date.now()}`;
    await createCourse(service.app, instructor.authorization, { category });
    await createCourse(service.app, instructor.authorization, { category });
    const page = (n: number) => get(service.app, `/api/courses?category=${category}&limit=1&page=${n}`);
    expect((await page(1)).body.meta.total).toBe(2);
    const statements = await recordQueries(service.app, () => page(2));
    expect(JSON.stringify(statements)).not.toMatch(/COUNT\(/i);
    await createCourse(service.app, instructor.authorization, { category });
    expect((await page(3)).body.meta.total).toBe(3);
  });

  it('serves course detail to an authenticated reader from the data layer, invalidated by writes', async () => {
    const reader = await signIn(service.app);
    const url = `/api/courses/${course.id}`;
    await get(service.app, url, reader.authorization);
    expect(await countQueries(service.app, () => get(service.app, url, reader.authorization))).toBe(0);
    await patchCourse(service.app, instructor.authorization, course.id, { title: 'Detail renamed' });
    expect((await get(service.app, url, reader.authorization)).body.title).toBe('Detail renamed');
  });
});
