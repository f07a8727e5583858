import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_SORTS } from '../../../apps/course/src/courses/catalog-query.js';
import { insertCourses, insertEnrollments } from './bulk-rows.js';
import { signIn, startCourseService, type CourseService } from './course-service.js';

interface Listing {
  data: { id?: string; courseId?: string }[];
  meta: { page?: number; limit: number; total?: number; hasNext: boolean; nextCursor: string | null };
}

const CATEGORY = 'keyset';
const COUNT = 240;
let service: CourseService;
let student: { id: string; authorization: string };

const get = (url: string, authorization?: string) => service.app.inject({ url, headers: authorization ? { authorization } : {} });

async function list(url: string, authorization?: string): Promise<Listing> {
  const response = await get(url, authorization);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Listing>();
}

const idsOf = (listing: Listing): string[] => listing.data.map((row) => (row.id ?? row.courseId)!);

/** Page 1 by offset, then `meta.nextCursor` until it is null: every id in the order met. */
async function walk(path: string, query: string, limit: number, authorization?: string): Promise<string[]> {
  let listing = await list(`${path}?${query}&limit=${limit}`, authorization);
  const ids = idsOf(listing);
  for (let pages = 1; listing.meta.nextCursor !== null; pages++) {
    expect(pages, 'more pages than rows').toBeLessThan(COUNT);
    listing = await list(`${path}?${query}&limit=${limit}&cursor=${listing.meta.nextCursor}`, authorization);
    expect(Object.keys(listing.meta).sort()).toEqual(['hasNext', 'limit', 'nextCursor']);
    expect(listing.meta.hasNext).toBe(listing.meta.nextCursor !== null);
    ids.push(...idsOf(listing));
  }
  return ids;
}

/** The same listing by offset pages of 100 (the order the cursors must reproduce). */
async function byOffset(path: string, query: string, authorization?: string): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const listing = await list(`${path}?${query}&limit=100&page=${page}`, authorization);
    ids.push(...idsOf(listing));
    if (!listing.meta.hasNext) return ids;
  }
}

async function expectError(url: string, code: string, authorization?: string): Promise<string> {
  const response = await get(url, authorization);
  expect(response.statusCode, response.body).toBe(400);
  expect(response.json()).toEqual({ statusCode: 400, code, message: expect.any(String), requestId: expect.any(String) });
  return response.json<{ message: string }>().message;
}

beforeAll(async () => {
  service = await startCourseService('course_keyset');
  const instructor = await signIn(service.app, 'instructor');
  const ids = await insertCourses(service.app, { category: CATEGORY, count: COUNT, instructorId: instructor.id });
  await insertCourses(service.app, { category: 'elsewhere', count: 30, instructorId: instructor.id });
  student = await signIn(service.app);
  await insertEnrollments(service.app, student.id, ids.slice(0, 150));
});

afterAll(async () => {
  await service?.close();
});

describe('the test data', () => {
  it('has many rows per millisecond that differ in microseconds only', async () => {
    const [row] = await service.app.get(DataSource).query(
      `SELECT count(DISTINCT created_at)::int AS instants, count(DISTINCT date_trunc('milliseconds', created_at))::int AS millis
       FROM course.courses WHERE category = $1`,
      [CATEGORY],
    );
    expect(row).toEqual({ instants: 12, millis: 3 });
  });
});

describe('GET /api/courses?cursor=', () => {
  it.each(CATALOG_SORTS)('pages through every course exactly once, in order, sorted by %s', async (sort) => {
    const query = `category=${CATEGORY}&sort=${sort}&fields=id`;
    const ids = await walk('/api/courses', query, 17);
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
    expect(ids).toEqual(await byOffset('/api/courses', query));
  });

  it('covers the unfiltered catalog, with a search, exactly once', async () => {
    const all = await walk('/api/courses', 'fields=id,title', 50);
    expect(new Set(all).size).toBe(COUNT + 30);
    const searched = await walk('/api/courses', 'q=ALPHA&sort=-priceCents', 9);
    expect(searched).toEqual(await byOffset('/api/courses', 'q=ALPHA&sort=-priceCents'));
  });

  it('continues any offset page with its nextCursor, like the next offset page', async () => {
    const query = `category=${CATEGORY}&sort=title&fields=id`;
    const third = await list(`/api/courses?${query}&limit=20&page=3`);
    expect(third.meta).toEqual({ page: 3, limit: 20, total: COUNT, hasNext: true, nextCursor: expect.any(String) });
    const next = await list(`/api/courses?${query}&limit=20&cursor=${third.meta.nextCursor}`);
    expect(idsOf(next)).toEqual(idsOf(await list(`/api/courses?${query}&limit=20&page=4`)));
    expect(next.meta).toEqual({ limit: 20, hasNext: true, nextCursor: expect.any(String) });
  });

  it('ends with hasNext false and no cursor, in both modes', async () => {
    const query = `category=${CATEGORY}&sort=priceCents&fields=id`;
    expect((await list(`/api/courses?${query}&limit=40&page=6`)).meta).toMatchObject({ hasNext: false, nextCursor: null });
    const fifth = await list(`/api/courses?${query}&limit=40&page=5`);
    const last = await list(`/api/courses?${query}&limit=40&cursor=${fifth.meta.nextCursor}`);
    expect(last.data).toHaveLength(40);
    expect(last.meta).toEqual({ limit: 40, hasNext: false, nextCursor: null });
  });

  it('refuses a cursor under another sort or other filters with 400 REQUEST.CURSOR_INVALID', async () => {
    const issued = await list(`/api/courses?category=${CATEGORY}&sort=title&q=a&limit=5`);
    const cursor = issued.meta.nextCursor!;
    await list(`/api/courses?category=${CATEGORY}&sort=title&q=a&limit=50&fields=id&cursor=${cursor}`);
    for (const other of [
      `category=${CATEGORY}&q=a`,
      `category=${CATEGORY}&sort=-title&q=a`,
      `category=${CATEGORY}&sort=createdAt&q=a`,
      `category=elsewhere&sort=title&q=a`,
      `sort=title&q=a`,
      `category=${CATEGORY}&sort=title`,
      `category=${CATEGORY}&sort=title&q=A`,
    ]) {
      const message = await expectError(`/api/courses?${other}&cursor=${cursor}`, 'REQUEST.CURSOR_INVALID');
      expect(message).toContain('another sort or other filters');
    }
  });

  it.each([
    ['not base64url', 'abc.def'],
    ['empty', ''],
    ['not JSON', Buffer.from('{"s":"-createdAt"').toString('base64url')],
    ['truncated', 'eyJzIjoiLWNyZWF0ZWRBdCIsImYiOi'],
    ['far too long', 'a'.repeat(5000)],
  ])('400s a malformed cursor (%s) with REQUEST.CURSOR_INVALID', async (_, cursor) => {
    await expectError(`/api/courses?cursor=${cursor}`, 'REQUEST.CURSOR_INVALID');
  });

  it('400s a tampered cursor rather than letting PostgreSQL fail on it', async () => {
    const { meta } = await list(`/api/courses?limit=1`);
    const body = JSON.parse(Buffer.from(meta.nextCursor!, 'base64url').toString()) as Record<string, string>;
    for (const tampered of [{ id: 'not-a-uuid' }, { v: '2025-02-30T00:00:00.000000Z' }, { v: 'yesterday' }, { v: 7 }]) {
      const cursor = Buffer.from(JSON.stringify({ ...body, ...tampered })).toString('base64url');
      await expectError(`/api/courses?limit=1&cursor=${cursor}`, 'REQUEST.CURSOR_INVALID');
    }
    const moved = Buffer.from(JSON.stringify({ ...body, id: randomUUID() })).toString('base64url');
    expect((await list(`/api/courses?limit=1&cursor=${moved}`)).data).toHaveLength(1);
  });

  it('400s page together with cursor', async () => {
    const { meta } = await list(`/api/courses?limit=1`);
    const message = await expectError(`/api/courses?page=2&cursor=${meta.nextCursor}`, 'REQUEST.VALIDATION_FAILED');
    expect(message).toContain('cannot be combined');
  });

  it('serves offset pages up to row 10000 and refuses deeper ones with REQUEST.PAGE_TOO_DEEP', async () => {
    expect((await list('/api/courses?page=500&limit=20')).data).toEqual([]);
    expect((await list('/api/courses?page=100&limit=100')).meta).toMatchObject({ page: 100, hasNext: false });
    for (const deep of ['page=501&limit=20', 'page=101&limit=100', 'page=10001&limit=1', 'page=99999999999']) {
      const message = await expectError(`/api/courses?${deep}`, 'REQUEST.PAGE_TOO_DEEP');
      expect(message).toContain('cursor');
    }
  });
});

describe('GET /api/enrollments/me?cursor=', () => {
  it('pages through every enrollment exactly once, newest first, across equal instants', async () => {
    const all = await walk('/api/enrollments/me', '', 13, student.authorization);
    expect(all).toHaveLength(150);
    expect(new Set(all).size).toBe(150);
    expect(all).toEqual(await byOffset('/api/enrollments/me', '', student.authorization));
  });

  it('refuses catalog cursors, malformed ones, page with cursor and deep pages', async () => {
    const catalog = (await list(`/api/courses?limit=1`)).meta.nextCursor!;
    const mine = (await list('/api/enrollments/me?limit=1', student.authorization)).meta.nextCursor!;
    await expectError(`/api/enrollments/me?cursor=${catalog}`, 'REQUEST.CURSOR_INVALID', student.authorization);
    await expectError(`/api/courses?cursor=${mine}`, 'REQUEST.CURSOR_INVALID');
    await expectError(`/api/enrollments/me?cursor=%7B%7D`, 'REQUEST.CURSOR_INVALID', student.authorization);
    await expectError(`/api/enrollments/me?page=1&cursor=${mine}`, 'REQUEST.VALIDATION_FAILED', student.authorization);
    await expectError('/api/enrollments/me?page=501&limit=20', 'REQUEST.PAGE_TOO_DEEP', student.authorization);
  });
});

describe('OpenAPI', () => {
  it('documents the cursor parameter and the meta fields of both modes', async () => {
    const document = (await get('/api/docs-json')).json<{
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
      components: { schemas: Record<string, { properties: Record<string, { nullable?: boolean }>; required?: string[] }> };
    }>();
    for (const path of ['/api/courses', '/api/enrollments/me']) {
      expect(document.paths[path]!.get.parameters.map((parameter) => parameter.name)).toEqual(
        expect.arrayContaining(['page', 'limit', 'cursor']),
      );
    }
    const meta = document.components.schemas.PageMetaDto!;
    expect(Object.keys(meta.properties).sort()).toEqual(['hasNext', 'limit', 'nextCursor', 'page', 'total']);
    expect(meta.properties.nextCursor!.nullable).toBe(true);
    expect(meta.required?.sort()).toEqual(['hasNext', 'limit', 'nextCursor']);
  });
});
