import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '@azora/cache';
import { EnrollmentGrantsController } from '../../../apps/course/src/enrollments/enrollment-grants.controller.js';
import { createCourse, signIn, startCourseService, type CourseBody, type CourseService } from './course-service.js';
import { countQueries } from './query-counter.js';

let service: CourseService;
let instructor: { id: string; authorization: string };
let free: CourseBody;
let paid: CourseBody;

const enroll = (courseId: string, authorization?: string) =>
  service.app.inject({ method: 'POST', url: `/api/courses/${courseId}/enroll`, headers: authorization ? { authorization } : {} });
const patch = (courseId: string, payload: Record<string, unknown>) =>
  service.app.inject({
    method: 'PATCH',
    url: `/api/courses/${courseId}`,
    headers: { authorization: instructor.authorization },
    payload,
  });
const content = (courseId: string, authorization: string) =>
  service.app.inject({ url: `/api/courses/${courseId}/content`, headers: { authorization } });
const mine = (authorization: string, query = '') =>
  service.app.inject({ url: `/api/enrollments/me${query}`, headers: { authorization } });
const enrollmentRows = async (userId: string, courseId: string) =>
  service.app
    .get(DataSource)
    .query(`SELECT source_order_id FROM course.enrollments WHERE user_id = $1 AND course_id = $2`, [userId, courseId]) as Promise<
    { source_order_id: string | null }[]
  >;

beforeAll(async () => {
  service = await startCourseService('course_enrollments');
  instructor = await signIn(service.app, 'instructor');
  free = await createCourse(service.app, instructor.authorization, { priceCents: 0 });
  paid = await createCourse(service.app, instructor.authorization, { priceCents: 4900 });
});

afterAll(async () => {
  await service?.close();
});

describe('POST /api/courses/:id/enroll', () => {
  it('enrolls in a free course with 201, then answers 200 with the same enrollment', async () => {
    const student = await signIn(service.app);
    const first = await enroll(free.id, student.authorization);
    const again = await enroll(free.id, student.authorization);
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(first.json()).toEqual({ courseId: free.id, userId: student.id, enrolledAt: expect.any(String) });
    expect(again.json()).toEqual(first.json());
    expect(await enrollmentRows(student.id, free.id)).toHaveLength(1);
  });

  it('creates one enrollment for concurrent requests: one 201, the rest 200', async () => {
    const student = await signIn(service.app);
    const responses = await Promise.all(Array.from({ length: 8 }, () => enroll(free.id, student.authorization)));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(await enrollmentRows(student.id, free.id)).toHaveLength(1);
  });

  it('asks for payment (402) for a paid course not bought, and enrolls nobody', async () => {
    const student = await signIn(service.app);
    const response = await enroll(paid.id, student.authorization);
    expect(response.statusCode).toBe(402);
    expect(response.json()).toEqual({
      statusCode: 402,
      code: 'COURSE.PAYMENT_REQUIRED',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(await enrollmentRows(student.id, paid.id)).toHaveLength(0);
  });

  it('refuses the next enrollment at once when a course turns paid or is unpublished, though its access view is cached', async () => {
    const course = await createCourse(service.app, instructor.authorization, { priceCents: 0 });
    expect((await enroll(course.id, (await signIn(service.app)).authorization)).statusCode).toBe(201);
    const student = await signIn(service.app);
    expect((await patch(course.id, { priceCents: 1900 })).statusCode).toBe(200);
    expect((await enroll(course.id, student.authorization)).statusCode).toBe(402);
    expect((await patch(course.id, { priceCents: 0, published: false })).statusCode).toBe(200);
    expect((await enroll(course.id, student.authorization)).statusCode).toBe(404);
    expect(await enrollmentRows(student.id, course.id)).toHaveLength(0);
  });

  it('never enrolls through a cached view that missed a write (a lost invalidation): the row decides', async () => {
    const course = await createCourse(service.app, instructor.authorization, { priceCents: 0 });
    expect((await enroll(course.id, (await signIn(service.app)).authorization)).statusCode).toBe(201);
    const sql = service.app.get(DataSource);
    // Written behind the service's back: nothing bumps the course's version, so its cached view stays "free".
    await sql.query(`UPDATE course.courses SET price_cents = 1900 WHERE id = $1`, [course.id]);
    const student = await signIn(service.app);
    expect((await enroll(course.id, student.authorization)).statusCode).toBe(402);
    await sql.query(`UPDATE course.courses SET price_cents = 0, published = false WHERE id = $1`, [course.id]);
    expect((await enroll(course.id, student.authorization)).statusCode).toBe(404);
    expect(await enrollmentRows(student.id, course.id)).toHaveLength(0);
  });

  it("records the user's write position for a new enrollment, not for a repeated one that wrote nothing", async () => {
    const redis = service.app.get(RedisConnection).client!;
    const student = await signIn(service.app);
    const position = `azora:ryw:${student.id}`;
    expect((await enroll(free.id, student.authorization)).statusCode).toBe(201);
    expect(await redis.exists(position)).toBe(1);
    await redis.del(position);
    expect((await enroll(free.id, student.authorization)).statusCode).toBe(200);
    expect(await redis.exists(position)).toBe(0);
  });

  it('404s an unknown or unpublished course, 400s a malformed id, 401s without a token', async () => {
    const student = await signIn(service.app);
    const draft = await createCourse(service.app, instructor.authorization, { published: false });
    expect((await enroll(randomUUID(), student.authorization)).statusCode).toBe(404);
    expect((await enroll(draft.id, student.authorization)).json().code).toBe('COURSE.NOT_FOUND');
    expect((await enroll('nope', student.authorization)).statusCode).toBe(400);
    expect((await enroll(free.id)).statusCode).toBe(401);
  });
});

describe('GET /api/courses/:id/content', () => {
  it('is 403 before enrolling and 200, ordered by position, after', async () => {
    const student = await signIn(service.app);
    const before = await content(free.id, student.authorization);
    expect(before.statusCode).toBe(403);
    expect(before.json().code).toBe('COURSE.NOT_ENROLLED');
    await enroll(free.id, student.authorization);
    const after = await content(free.id, student.authorization);
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({
      courseId: free.id,
      lessons: [
        { id: expect.any(String), position: 1, title: 'One', body: 'First' },
        { id: expect.any(String), position: 2, title: 'Two', body: 'Second' },
        { id: expect.any(String), position: 3, title: 'Three', body: 'Third' },
      ],
    });
  });

  it('opens to the owning instructor and admins without enrolling, not to other instructors', async () => {
    expect((await content(paid.id, instructor.authorization)).statusCode).toBe(200);
    expect((await content(paid.id, (await signIn(service.app, 'admin')).authorization)).statusCode).toBe(200);
    expect((await content(paid.id, (await signIn(service.app, 'instructor')).authorization)).statusCode).toBe(403);
  });

  it('404s an unknown course', async () => {
    const student = await signIn(service.app);
    expect((await content(randomUUID(), student.authorization)).json()).toMatchObject({
      statusCode: 404,
      code: 'COURSE.NOT_FOUND',
    });
  });
});

describe('enrollment grants (message handler)', () => {
  it('grants a paid order idempotently: one enrollment, with its order id, then access', async () => {
    const student = await signIn(service.app);
    const grants = service.app.get(EnrollmentGrantsController);
    const orderId = randomUUID();
    const request = { eventId: randomUUID(), orderId, userId: student.id, courseIds: [paid.id, randomUUID()] };
    expect(await grants.grant(request)).toEqual({ acknowledged: true, granted: 1 });
    expect(await grants.grant(request)).toEqual({ acknowledged: true, granted: 0 });
    expect(await enrollmentRows(student.id, paid.id)).toEqual([{ source_order_id: orderId }]);

    const again = await enroll(paid.id, student.authorization);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ courseId: paid.id, userId: student.id });
    expect((await content(paid.id, student.authorization)).statusCode).toBe(200);
  });
});

describe('GET /api/enrollments/me', () => {
  it('lists my enrollments newest first, paginated, with one query plus one count', async () => {
    const student = await signIn(service.app);
    const courses = [];
    for (let i = 0; i < 3; i++) courses.push(await createCourse(service.app, instructor.authorization, { title: `Mine ${i}` }));
    for (const course of courses) expect((await enroll(course.id, student.authorization)).statusCode).toBe(201);

    const firstPage = await mine(student.authorization, '?limit=2');
    expect(firstPage.statusCode).toBe(200);
    expect(firstPage.json()).toEqual({
      data: [
        { courseId: courses[2]!.id, title: 'Mine 2', enrolledAt: expect.any(String) },
        { courseId: courses[1]!.id, title: 'Mine 1', enrolledAt: expect.any(String) },
      ],
      meta: { page: 1, limit: 2, total: 3, hasNext: true, nextCursor: expect.any(String) },
    });
    const secondPage = (await mine(student.authorization, '?limit=2&page=2')).json();
    expect(secondPage).toMatchObject({ data: [{ courseId: courses[0]!.id }], meta: { total: 3, hasNext: false } });
    expect(await countQueries(service.app, () => mine(student.authorization))).toBe(2);
  });

  it('is empty for someone else, 400 on bad paging, 401 without a token', async () => {
    const other = await signIn(service.app);
    expect((await mine(other.authorization)).json()).toEqual({
      data: [],
      meta: { page: 1, limit: 20, total: 0, hasNext: false, nextCursor: null },
    });
    expect((await mine(other.authorization, '?limit=0')).statusCode).toBe(400);
    expect((await mine(other.authorization, '?page=x')).statusCode).toBe(400);
    expect((await service.app.inject({ url: '/api/enrollments/me' })).statusCode).toBe(401);
  });
});
