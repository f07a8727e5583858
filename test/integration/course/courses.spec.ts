import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse, signIn, startCourseService, validCourse, type CourseBody, type CourseService } from './course-service.js';

let service: CourseService;
let instructor: { id: string; authorization: string };

const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, authorization?: string, payload?: unknown) =>
  service.app.inject({ method, url, payload: payload as object, headers: authorization ? { authorization } : {} });

beforeAll(async () => {
  service = await startCourseService('course_courses');
  instructor = await signIn(service.app, 'instructor');
});

afterAll(async () => {
  await service?.close();
});

describe('POST /api/courses', () => {
  it('creates a course for an instructor: 201, defaults, slug, lesson count', async () => {
    const response = await inject('POST', '/api/courses', instructor.authorization, {
      title: 'Intro to Go',
      description: 'Learn Go',
      category: 'programming',
      priceCents: 1999,
      lessons: [
        { title: 'A', body: 'a' },
        { title: 'B', body: 'b' },
      ],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      title: 'Intro to Go',
      slug: expect.stringMatching(/^intro-to-go-[0-9a-f]{6}$/),
      description: 'Learn Go',
      category: 'programming',
      priceCents: 1999,
      currency: 'USD',
      instructorId: instructor.id,
      lessonCount: 2,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('gives two courses with one title different slugs', async () => {
    const [a, b] = await Promise.all([
      createCourse(service.app, instructor.authorization, { title: 'Same' }),
      createCourse(service.app, instructor.authorization, { title: 'Same' }),
    ]);
    expect(a.slug).not.toBe(b.slug);
  });

  it('lets an admin create, refuses a student (403) and an anonymous caller (401)', async () => {
    const admin = await signIn(service.app, 'admin');
    expect((await inject('POST', '/api/courses', admin.authorization, validCourse())).statusCode).toBe(201);
    const student = await signIn(service.app, 'student');
    const refused = await inject('POST', '/api/courses', student.authorization, validCourse());
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('AUTH.FORBIDDEN_ROLE');
    expect((await inject('POST', '/api/courses', undefined, validCourse())).statusCode).toBe(401);
  });

  it.each([
    ['unknown field', validCourse({ instructorId: randomUUID() })],
    ['negative price', validCourse({ priceCents: -1 })],
    ['fractional price', validCourse({ priceCents: 9.99 })],
    ['price as a string', validCourse({ priceCents: '100' })],
    ['bad currency', validCourse({ currency: 'DOLLARS' })],
    ['null title', validCourse({ title: null })],
    ['lessons not an array', validCourse({ lessons: 'x' })],
    ['lesson without body', validCourse({ lessons: [{ title: 'x' }] })],
    ['an array body', [validCourse()]],
  ])('rejects %s with 400', async (_, body) => {
    const response = await inject('POST', '/api/courses', instructor.authorization, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, code: 'REQUEST.VALIDATION_FAILED', requestId: expect.any(String) });
  });

  // @azora/errors maps Fastify's FST_ERR_CTP_* codes to REQUEST.MALFORMED_JSON, but Nest's adapter wraps
  // them in a BadRequestException first, so today the code is the generic REQUEST.INVALID.
  it.each(['{"title": "x",', ''])('rejects the malformed JSON body %j with 400, not 500', async (payload) => {
    const response = await service.app.inject({
      method: 'POST',
      url: '/api/courses',
      payload,
      headers: { authorization: instructor.authorization, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      code: expect.stringMatching(/^REQUEST\./),
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });
});

describe('GET /api/courses/:id', () => {
  let draft: CourseBody;

  beforeAll(async () => {
    draft = await createCourse(service.app, instructor.authorization, { published: false });
  });

  it('shows a published course to anyone', async () => {
    const course = await createCourse(service.app, instructor.authorization);
    const response = await inject('GET', `/api/courses/${course.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(course);
  });

  it('400s a malformed id and 404s an unknown one', async () => {
    const malformed = await inject('GET', '/api/courses/not-a-uuid');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('COURSE.INVALID_ID');
    const unknown = await inject('GET', `/api/courses/${randomUUID()}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ statusCode: 404, code: 'COURSE.NOT_FOUND', requestId: expect.any(String) });
  });

  it('shows an unpublished course only to its instructor and admins', async () => {
    const student = await signIn(service.app);
    const otherInstructor = await signIn(service.app, 'instructor');
    const admin = await signIn(service.app, 'admin');
    expect((await inject('GET', `/api/courses/${draft.id}`)).statusCode).toBe(404);
    expect((await inject('GET', `/api/courses/${draft.id}`, student.authorization)).statusCode).toBe(404);
    expect((await inject('GET', `/api/courses/${draft.id}`, otherInstructor.authorization)).statusCode).toBe(404);
    expect((await inject('GET', `/api/courses/${draft.id}`, 'Bearer not.a.token')).statusCode).toBe(404);
    expect((await inject('GET', `/api/courses/${draft.id}`, instructor.authorization)).statusCode).toBe(200);
    expect((await inject('GET', `/api/courses/${draft.id}`, admin.authorization)).statusCode).toBe(200);
  });

  it('keeps unpublished courses out of the catalog', async () => {
    const catalog = await inject('GET', '/api/courses?limit=100&fields=id');
    expect(catalog.json().data.map((course: { id: string }) => course.id)).not.toContain(draft.id);
  });
});

describe('PATCH /api/courses/:id', () => {
  it('lets the instructor change given fields only; slug stays', async () => {
    const course = await createCourse(service.app, instructor.authorization, { published: false, priceCents: 500 });
    const response = await inject('PATCH', `/api/courses/${course.id}`, instructor.authorization, {
      title: 'Renamed',
      published: true,
    });
    expect(response.statusCode).toBe(200);
    const updated = response.json<CourseBody>();
    expect(updated).toMatchObject({ title: 'Renamed', slug: course.slug, priceCents: 500, currency: 'USD', lessonCount: 3 });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(course.updatedAt));
    expect((await inject('GET', `/api/courses/${course.id}`)).statusCode).toBe(200);
  });

  it('refuses another instructor (403 COURSE.NOT_OWNER) and a student (403), allows an admin', async () => {
    const course = await createCourse(service.app, instructor.authorization);
    const other = await signIn(service.app, 'instructor');
    const refused = await inject('PATCH', `/api/courses/${course.id}`, other.authorization, { title: 'Mine now' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('COURSE.NOT_OWNER');
    const student = await signIn(service.app);
    expect((await inject('PATCH', `/api/courses/${course.id}`, student.authorization, { title: 'x' })).statusCode).toBe(403);
    const admin = await signIn(service.app, 'admin');
    const allowed = await inject('PATCH', `/api/courses/${course.id}`, admin.authorization, { priceCents: 0 });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().priceCents).toBe(0);
  });

  it('404s an unknown course and 400s lessons, nulls and wrong types', async () => {
    expect((await inject('PATCH', `/api/courses/${randomUUID()}`, instructor.authorization, { title: 'x' })).statusCode).toBe(
      404,
    );
    const course = await createCourse(service.app, instructor.authorization);
    for (const body of [{ lessons: [] }, { title: null }, { published: 'yes' }, { priceCents: -1 }, { slug: 'mine' }]) {
      const response = await inject('PATCH', `/api/courses/${course.id}`, instructor.authorization, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('OpenAPI', () => {
  it('documents the course routes', async () => {
    const response = await inject('GET', '/api/docs-json');
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths as object);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/courses',
        '/api/courses/{id}',
        '/api/courses/{id}/enroll',
        '/api/courses/{id}/content',
        '/api/enrollments/me',
      ]),
    );
  });
});
