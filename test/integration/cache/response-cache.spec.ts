import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSION_THRESHOLD_BYTES, entityTagFor } from '@azora/http-cache';
import { createCourse, signIn, type CourseBody } from '../course/course-service.js';
import { countQueries } from '../course/query-counter.js';
import { get, RELAXED_TIMEOUT, patchCourse, startCachedCourseService, type CachedCourseService } from './cache-service.js';

let service: CachedCourseService;
let instructor: { id: string; authorization: string };

const app = () => service.app;
const ids = (page: { data: { id: string }[] }) => page.data.map((course) => course.id);

beforeAll(async () => {
  service = await startCachedCourseService('cache_response', RELAXED_TIMEOUT);
  instructor = await signIn(app(), 'instructor');
  for (let i = 0; i < 12; i++) await createCourse(app(), instructor.authorization, { title: `Seed ${i}`, category: 'seed' });
});

afterAll(async () => {
  await service?.close();
});

describe('API response layer', () => {
  it('misses, then hits the second identical GET without touching the database; query order does not matter', async () => {
    const first = await get(app(), '/api/courses?limit=5&sort=title');
    expect(first).toMatchObject({ status: 200, cache: 'miss' });
    let second: Awaited<ReturnType<typeof get>> | undefined;
    expect(
      await countQueries(app(), async () => {
        second = await get(app(), '/api/courses?sort=title&limit=5');
      }),
    ).toBe(0);
    expect(second).toMatchObject({ status: 200, cache: 'hit' });
    expect(second!.body).toEqual(first.body);
  });

  it('serves a hit with the stored ETag of its exact bytes, answers it with 304, and tags the new body after a write', async () => {
    const course = await createCourse(app(), instructor.authorization, { title: 'Tagged', category: 'etag' });
    const url = `/api/courses/${course.id}`;
    const request = (headers: Record<string, string> = {}) => app().inject({ url, headers });
    const miss = await request();
    const hit = await request();
    expect([miss.headers['x-cache'], hit.headers['x-cache']]).toEqual(['miss', 'hit']);
    expect(hit.body).toBe(miss.body);
    expect(hit.headers.etag).toBe(miss.headers.etag);
    expect(hit.headers.etag).toBe(entityTagFor(hit.rawPayload, COMPRESSION_THRESHOLD_BYTES));
    const revalidated = await request({ 'if-none-match': String(hit.headers.etag) });
    expect([revalidated.statusCode, revalidated.headers['x-cache'], revalidated.body]).toEqual([304, 'hit', '']);
    await patchCourse(app(), instructor.authorization, course.id, { title: 'Retagged' });
    const changed = await request({ 'if-none-match': String(hit.headers.etag) });
    expect(changed.statusCode).toBe(200);
    expect(JSON.parse(changed.body)).toMatchObject({ title: 'Retagged' });
    expect(changed.headers.etag).toBe(entityTagFor(changed.rawPayload, COMPRESSION_THRESHOLD_BYTES));
  });

  it('never stores a 400 or a 404', async () => {
    for (let i = 0; i < 2; i++) {
      const bad = await get(app(), '/api/courses?limit=100000');
      expect(bad.status).toBe(400);
      expect(bad.cache).not.toBe('hit');
      const missing = await get(app(), `/api/courses/${randomUUID()}`);
      expect(missing.status).toBe(404);
      expect(missing.cache).not.toBe('hit');
    }
    const draft = await createCourse(app(), instructor.authorization, { published: false });
    expect((await get(app(), `/api/courses/${draft.id}`)).status).toBe(404);
    await patchCourse(app(), instructor.authorization, draft.id, { published: true });
    expect((await get(app(), `/api/courses/${draft.id}`)).status).toBe(200);
  });

  it('bypasses the cache for a caller with credentials on the optionally authenticated detail', async () => {
    const draft = await createCourse(app(), instructor.authorization, { published: false });
    const owner = await get(app(), `/api/courses/${draft.id}`, instructor.authorization);
    expect(owner).toMatchObject({ status: 200, cache: 'bypass' });
    // The owner's view was not stored for anyone else.
    expect((await get(app(), `/api/courses/${draft.id}`)).status).toBe(404);
    expect((await get(app(), `/api/courses/${draft.id}`)).status).toBe(404);
  });

  it('exports hit and miss counts per layer and route', async () => {
    const metrics = (await app().inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(
      /cache_requests_total\{[^}]*layer="response"[^}]*route="GET \/api\/courses"[^}]*result="hit"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(/cache_operation_duration_seconds_count\{[^}]*layer="redis"[^}]*operation="versions"[^}]*\} [1-9]/);
  });
});

describe('every write invalidates what it changed', () => {
  const pages = [
    '/api/courses',
    '/api/courses?limit=5&sort=-priceCents',
    '/api/courses?category=hot',
    '/api/courses?fields=id,title,priceCents',
  ];
  const warm = async (url: string) => {
    await get(app(), url);
    expect((await get(app(), url)).cache).toBe('hit');
  };

  it('create: the new course is on page 1 at once', async () => {
    await warm('/api/courses');
    const created = await createCourse(app(), instructor.authorization, { title: 'Brand new' });
    const page = await get(app(), '/api/courses');
    expect(ids(page.body)[0]).toBe(created.id);
  });

  it('PATCH title and price: the detail and every catalog page containing it show the new values', async () => {
    const hot = await createCourse(app(), instructor.authorization, {
      title: 'Hot before',
      category: 'hot',
      priceCents: 9_000_000,
    });
    for (const url of [...pages, `/api/courses/${hot.id}`]) await warm(url);

    await patchCourse(app(), instructor.authorization, hot.id, { title: 'Hot after', priceCents: 9_500_000 });
    const detail = await get(app(), `/api/courses/${hot.id}`);
    expect(detail.body).toMatchObject({ title: 'Hot after', priceCents: 9_500_000 });
    for (const url of pages) {
      const found = (await get(app(), url)).body.data.find((course: CourseBody) => course.id === hot.id);
      expect(found, url).toMatchObject({ title: 'Hot after', priceCents: 9_500_000 });
    }
  });

  it('unpublish: gone from every list and 404 at once; publish: back at once', async () => {
    const course = await createCourse(app(), instructor.authorization, { category: 'hot', priceCents: 9_900_000 });
    for (const url of [...pages, `/api/courses/${course.id}`]) await warm(url);

    await patchCourse(app(), instructor.authorization, course.id, { published: false });
    expect((await get(app(), `/api/courses/${course.id}`)).status).toBe(404);
    for (const url of pages) expect(ids((await get(app(), url)).body), url).not.toContain(course.id);

    await patchCourse(app(), instructor.authorization, course.id, { published: true });
    expect((await get(app(), `/api/courses/${course.id}`)).status).toBe(200);
    for (const url of pages) expect(ids((await get(app(), url)).body), url).toContain(course.id);
  });
});

describe('per-user routes', () => {
  it('never serve one user’s enrollments to another, interleaved on the same URL', async () => {
    const courses = await Promise.all([0, 1].map((i) => createCourse(app(), instructor.authorization, { title: `Mine ${i}` })));
    const users = await Promise.all([signIn(app()), signIn(app())]);
    for (const [i, user] of users.entries()) {
      const enrolled = await app().inject({
        method: 'POST',
        url: `/api/courses/${courses[i]!.id}/enroll`,
        headers: { authorization: user.authorization },
      });
      expect(enrolled.statusCode).toBe(201);
    }
    const served = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const responses = await Promise.all(users.map((user) => get(app(), '/api/enrollments/me', user.authorization)));
      for (const [i, response] of responses.entries()) {
        expect(response.status).toBe(200);
        expect(response.body.data.map((row: { courseId: string }) => row.courseId)).toEqual([courses[i]!.id]);
        served.add(response.cache!);
      }
    }
    expect(served).toContain('hit');
  });

  it('serve course content per user: a hit without queries to the enrolled, never to someone not enrolled', async () => {
    const course = await createCourse(app(), instructor.authorization, { priceCents: 0 });
    const [student, stranger] = await Promise.all([signIn(app()), signIn(app())]);
    const url = `/api/courses/${course.id}/content`;
    await app().inject({
      method: 'POST',
      url: `/api/courses/${course.id}/enroll`,
      headers: { authorization: student.authorization },
    });
    expect(await get(app(), url, student.authorization)).toMatchObject({ status: 200, cache: 'miss' });
    let hit: Awaited<ReturnType<typeof get>> | undefined;
    expect(await countQueries(app(), async () => void (hit = await get(app(), url, student.authorization)))).toBe(0);
    expect(hit).toMatchObject({ status: 200, cache: 'hit', body: { courseId: course.id } });
    expect(await get(app(), url, stranger.authorization)).toMatchObject({ status: 403 });
    await app().inject({
      method: 'POST',
      url: `/api/courses/${course.id}/enroll`,
      headers: { authorization: stranger.authorization },
    });
    expect(await get(app(), url, stranger.authorization)).toMatchObject({ status: 200, body: { courseId: course.id } });
  });

  it('show a new enrollment and a renamed course at once', async () => {
    const [first, second] = await Promise.all([0, 1].map(() => createCourse(app(), instructor.authorization)));
    const student = await signIn(app());
    const enroll = (id: string) =>
      app().inject({ method: 'POST', url: `/api/courses/${id}/enroll`, headers: { authorization: student.authorization } });
    await enroll(first!.id);
    await get(app(), '/api/enrollments/me', student.authorization);
    expect((await get(app(), '/api/enrollments/me', student.authorization)).cache).toBe('hit');

    await enroll(second!.id);
    expect((await get(app(), '/api/enrollments/me', student.authorization)).body.meta.total).toBe(2);
    await patchCourse(app(), instructor.authorization, first!.id, { title: 'Renamed for students' });
    const titles = (await get(app(), '/api/enrollments/me', student.authorization)).body.data.map(
      (row: { title: string }) => row.title,
    );
    expect(titles).toContain('Renamed for students');
  });
});
