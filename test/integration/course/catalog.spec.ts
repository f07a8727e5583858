import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCourses, insertDemoCatalog } from '../../../apps/course/src/seed/demo-catalog.js';
import { countQueries } from './query-counter.js';
import { createCourse, signIn, startCourseService, type CourseBody, type CourseService } from './course-service.js';

interface CatalogPage {
  data: Partial<CourseBody>[];
  meta: { page?: number; limit: number; total?: number; hasNext: boolean; nextCursor: string | null };
}

const DEMO_COUNT = 130;
let service: CourseService;
let published = DEMO_COUNT;

const list = async (query = ''): Promise<CatalogPage> => {
  const response = await service.app.inject({ url: `/api/courses${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<CatalogPage>();
};

beforeAll(async () => {
  service = await startCourseService('course_catalog');
  const instructor = await signIn(service.app, 'instructor');
  await insertDemoCatalog(service.app.get(DataSource), demoCourses(DEMO_COUNT, instructor.id, 42), 50);
  const create = (overrides: Record<string, unknown>) => createCourse(service.app, instructor.authorization, overrides);
  for (const [title, priceCents] of [
    ['Charlie sorting', 300],
    ['Alpha sorting', 100],
    ['Bravo sorting', 200],
  ] as const) {
    await create({ title, priceCents, category: 'zz-sorting' });
  }
  for (const title of ['Discount 100% off', 'snake_case basics', 'Plain 100 percent', 'Zebra Stripes']) await create({ title });
  await create({ title: 'Hidden draft zebra', published: false });
  published += 7;
});

afterAll(async () => {
  await service?.close();
});

describe('GET /api/courses', () => {
  it('pages published courses newest first, with meta', async () => {
    const page = await list();
    expect(page.meta).toEqual({ page: 1, limit: 20, total: published, hasNext: true, nextCursor: expect.any(String) });
    expect(page.data).toHaveLength(20);
    expect(Object.keys(page.data[0]!).sort()).toEqual(
      [
        'category',
        'createdAt',
        'currency',
        'description',
        'id',
        'instructorId',
        'lessonCount',
        'priceCents',
        'slug',
        'title',
        'updatedAt',
      ].sort(),
    );
    const created = page.data.map((course) => Date.parse(course.createdAt!));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('covers every published course exactly once across pages, and ends with hasNext false', async () => {
    const first = await list('?limit=100&fields=id');
    const second = await list('?limit=100&page=2&fields=id');
    expect(first.meta.hasNext).toBe(true);
    expect(second.meta).toEqual({ page: 2, limit: 100, total: published, hasNext: false, nextCursor: null });
    const ids = [...first.data, ...second.data].map((course) => course.id);
    expect(new Set(ids).size).toBe(published);
    expect((await list('?page=50')).data).toEqual([]);
  });

  it('reads a full page with one query plus one count', async () => {
    expect(await countQueries(service.app, () => list('?limit=100&q=a&category=programming'))).toBe(2);
  });

  it('returns only the requested fields', async () => {
    const page = await list('?page=1&limit=5&fields=id,title,priceCents&sort=-createdAt');
    expect(page.data.every((course) => Object.keys(course).sort().join() === 'id,priceCents,title')).toBe(true);
  });

  it('filters by exact category and sorts by title or price', async () => {
    const byTitle = await list('?category=zz-sorting&sort=title&fields=title');
    expect(byTitle.data.map((course) => course.title)).toEqual(['Alpha sorting', 'Bravo sorting', 'Charlie sorting']);
    const byPrice = await list('?category=zz-sorting&sort=-priceCents&fields=priceCents');
    expect(byPrice.data.map((course) => course.priceCents)).toEqual([300, 200, 100]);
    expect((await list('?category=ZZ-SORTING')).meta.total).toBe(0);
    expect((await list('?category=&q=')).meta.total).toBe(published);
    const cheapest = await list('?sort=priceCents&limit=100&fields=priceCents');
    const prices = cheapest.data.map((course) => course.priceCents!);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('searches titles case-insensitively, with LIKE wildcards matched literally', async () => {
    const titles = async (q: string) =>
      (await list(`?q=${encodeURIComponent(q)}&fields=title&sort=title`)).data.map((c) => c.title);
    expect(await titles('ZEBRA')).toEqual(['Zebra Stripes']);
    expect(await titles('100%')).toEqual(['Discount 100% off']);
    expect(await titles('%')).toEqual(['Discount 100% off']);
    expect(await titles('_')).toEqual(['snake_case basics']);
    expect(await titles('hidden draft')).toEqual([]);
  });

  it.each([
    '?limit=0',
    '?limit=101',
    '?limit=ten',
    '?page=0',
    '?page=abc',
    '?page=1.5',
    '?fields=id,password',
    '?fields=',
    '?sort=createdAt;drop',
    '?sort=published',
    '?unknown=1',
  ])('GET /api/courses%s → 400 with the error body', async (query) => {
    const response = await service.app.inject({ url: `/api/courses${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });
});
