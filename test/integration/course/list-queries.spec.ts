import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCourses, insertEnrollments } from './bulk-rows.js';
import { signIn, startCourseService, type CourseService } from './course-service.js';
import { recordQueries } from './query-counter.js';

interface Listing {
  data: unknown[];
  meta: { nextCursor: string | null };
}

let service: CourseService;
let few: { id: string; authorization: string };
let many: { id: string; authorization: string };

async function list(url: string, authorization?: string): Promise<Listing> {
  const response = await service.app.inject({ url, headers: authorization ? { authorization } : {} });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Listing>();
}

/** The statements one request sends, after checking that it answered with `size` rows. */
async function statementsFor(url: string, size: number, authorization?: string): Promise<string[]> {
  let rows = -1;
  const statements = await recordQueries(service.app, async () => {
    rows = (await list(url, authorization)).data.length;
  });
  expect(rows, url).toBe(size);
  return statements;
}

/** Fails unless a 1-row and a 100-row answer cost the same number of statements, and `expected` of them. */
async function expectFlat(small: [string, string?], large: [string, string?], expected: number): Promise<void> {
  const one = await statementsFor(small[0], 1, small[1]);
  const hundred = await statementsFor(large[0], 100, large[1]);
  expect(hundred.length, `1 row:\n${one.join('\n')}\n100 rows:\n${hundred.join('\n')}`).toBe(one.length);
  expect(one).toHaveLength(expected);
}

const firstCursor = async (url: string, authorization?: string): Promise<string> =>
  (await list(`${url}${url.includes('?') ? '&' : '?'}limit=1`, authorization)).meta.nextCursor!;

beforeAll(async () => {
  // Statements reaching the database, with the caches (which would hide them) switched off.
  service = await startCourseService('course_list_queries', undefined, {
    DATA_CACHE_ENABLED: 'false',
    RESPONSE_CACHE_ENABLED: 'false',
  });
  const instructor = await signIn(service.app, 'instructor');
  const ids = await insertCourses(service.app, { category: 'bulk', count: 200, instructorId: instructor.id });
  few = await signIn(service.app);
  many = await signIn(service.app);
  await insertEnrollments(service.app, few.id, ids.slice(0, 2));
  await insertEnrollments(service.app, many.id, ids.slice(0, 150));
});

afterAll(async () => {
  await service?.close();
});

describe('no N+1: statements per list request do not grow with the rows returned', () => {
  // Five of the seven bulk titles contain an "a": each of these matches well over 101 courses.
  const catalogQueries = ['', 'fields=id,title', 'category=bulk', 'q=a', 'category=bulk&q=A&fields=id&sort=-priceCents'];

  it.each(catalogQueries)('GET /api/courses?%s, page mode: the page and the count', async (query) => {
    await expectFlat([`/api/courses?${query}&limit=1`], [`/api/courses?${query}&limit=100`], 2);
  });

  it.each(catalogQueries)('GET /api/courses?%s, cursor mode: the page alone', async (query) => {
    const cursor = await firstCursor(`/api/courses?${query}`);
    await expectFlat([`/api/courses?${query}&limit=1&cursor=${cursor}`], [`/api/courses?${query}&limit=100&cursor=${cursor}`], 1);
  });

  it('GET /api/enrollments/me, page mode: the page and the count', async () => {
    await expectFlat(
      ['/api/enrollments/me?limit=1', few.authorization],
      ['/api/enrollments/me?limit=100', many.authorization],
      2,
    );
  });

  it('GET /api/enrollments/me, cursor mode: the page alone', async () => {
    const fewCursor = await firstCursor('/api/enrollments/me', few.authorization);
    const manyCursor = await firstCursor('/api/enrollments/me', many.authorization);
    await expectFlat(
      [`/api/enrollments/me?limit=100&cursor=${fewCursor}`, few.authorization],
      [`/api/enrollments/me?limit=100&cursor=${manyCursor}`, many.authorization],
      1,
    );
  });
});
