import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_TOTAL_BOUND } from '../../../apps/course/src/courses/catalog-totals.js';
import { CatalogCounts1764600000000 } from '../../../apps/course/src/migrations/1764600000000-catalog-counts.js';
import { HOT_QUERIES } from '../data/hot-queries.js';
import { insertCourses } from './bulk-rows.js';
import { concurrentWriters, countedCounts, expectExactCounts, storedCounts, sum } from './catalog-counts.js';
import { createCourse, signIn, startCourseService, type CourseService } from './course-service.js';
import { recordQueries } from './query-counter.js';

interface Meta {
  total?: number;
  totalRelation?: string;
}

let service: CourseService;
let instructor: { id: string; authorization: string };

const sql = (text: string, params: unknown[] = []): Promise<unknown> => service.app.get(DataSource).query(text, params);

async function meta(query: string): Promise<Meta> {
  const response = await service.app.inject({ url: `/api/courses${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ meta: Meta }>().meta;
}

async function patch(id: string, payload: Record<string, unknown>): Promise<void> {
  const response = await service.app.inject({
    method: 'PATCH',
    url: `/api/courses/${id}`,
    payload,
    headers: { authorization: instructor.authorization },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** The counters equal a fresh count, and the API's totals are those counters. */
async function expectExactTotals(): Promise<void> {
  const counts = await expectExactCounts(service.db.adminUrl);
  expect(await meta('')).toEqual(expect.objectContaining({ total: sum(counts) }));
  for (const [category, count] of Object.entries(counts)) {
    expect((await meta(`?category=${encodeURIComponent(category)}`)).total, category).toBe(count);
  }
}

beforeAll(async () => {
  // The totals straight from the database: the data cache would hide a wrong count.
  service = await startCourseService('course_counts', undefined, {
    DATA_CACHE_ENABLED: 'false',
    RESPONSE_CACHE_ENABLED: 'false',
  });
  instructor = await signIn(service.app, 'instructor');
});

afterAll(async () => {
  await service?.close();
});

describe('course.catalog_counts', () => {
  it('stays exact through create, publish, unpublish, category change, title edit and delete', async () => {
    const course = await createCourse(service.app, instructor.authorization, { category: 'life-a' });
    const draft = await createCourse(service.app, instructor.authorization, { category: 'life-a', published: false });
    expect(await storedCounts(service.db.adminUrl)).toEqual({ 'life-a': 1 });
    await expectExactTotals();
    await patch(draft.id, { published: true });
    expect((await meta('?category=life-a')).total).toBe(2);
    await patch(course.id, { published: false });
    expect((await meta('?category=life-a')).total).toBe(1);
    await patch(draft.id, { category: 'life-b' });
    await patch(course.id, { category: 'life-b' });
    expect(await storedCounts(service.db.adminUrl)).toEqual({ 'life-b': 1 });
    await patch(course.id, { published: true, category: 'life-c', title: 'Renamed' });
    await patch(draft.id, { title: 'Only the title changes' });
    expect(await storedCounts(service.db.adminUrl)).toEqual({ 'life-b': 1, 'life-c': 1 });
    await sql(`DELETE FROM "course"."courses" WHERE id = ANY($1::uuid[])`, [[course.id, draft.id]]);
    expect(await storedCounts(service.db.adminUrl)).toEqual({});
    await expectExactTotals();
  });

  it('stays exact under concurrent creates through the API and concurrent writers in the database', async () => {
    const categories = ['race-a', 'race-b', 'race-c', 'race-d'];
    await Promise.all([
      ...Array.from({ length: 24 }, (_, i) =>
        createCourse(service.app, instructor.authorization, { category: categories[i % 4], published: i % 5 !== 0 }),
      ),
      concurrentWriters(service.db.adminUrl, { writers: 6, rounds: 12, categories, instructorId: instructor.id }),
    ]);
    const counts = await countedCounts(service.db.adminUrl);
    expect(sum(counts)).toBeGreaterThan(24);
    await expectExactTotals();
  });

  it('stays exact through multi-row statements and rolled-back ones', async () => {
    await insertCourses(service.app, { category: 'bulk-a', count: 60, instructorId: instructor.id });
    await sql(`UPDATE "course"."courses" SET published = (slug LIKE '%0' OR slug LIKE '%1') WHERE category = 'bulk-a'`);
    await sql(`UPDATE "course"."courses" SET category = 'bulk-b' WHERE category = 'bulk-a' AND slug LIKE '%1'`);
    const before = await storedCounts(service.db.adminUrl);
    const runner = service.app.get(DataSource).createQueryRunner();
    await runner.startTransaction();
    await runner.query(`UPDATE "course"."courses" SET published = true WHERE category = 'bulk-a'`);
    await runner.rollbackTransaction();
    await runner.release();
    expect(await storedCounts(service.db.adminUrl)).toEqual(before);
    await expectExactTotals();
  });

  it('fails a write that would take a count below zero (drifted counts) instead of storing it', async () => {
    const course = await createCourse(service.app, instructor.authorization, { category: 'drift' });
    await sql(`UPDATE "course"."catalog_counts" SET published_courses = 0 WHERE category = 'drift'`);
    await expect(sql(`UPDATE "course"."courses" SET published = false WHERE id = $1`, [course.id])).rejects.toThrow(
      /catalog_counts would fall below zero/,
    );
    await sql(`UPDATE "course"."catalog_counts" SET published_courses = 1 WHERE category = 'drift'`);
    await expectExactTotals();
  });

  it('is initialised from the existing rows by its migration', async () => {
    const runner = service.app.get(DataSource).createQueryRunner();
    const migration = new CatalogCounts1764600000000();
    try {
      await migration.down(runner);
      await insertCourses(service.app, { category: 'before-migration', count: 15, instructorId: instructor.id });
      await sql(`UPDATE "course"."courses" SET published = false WHERE category = 'before-migration' AND slug LIKE '%5'`);
      // As the migration runner does: in one transaction.
      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect((await storedCounts(service.db.adminUrl))['before-migration']).toBe(13);
    await expectExactTotals();
  });
});

describe('catalog totals', () => {
  it('sends the count SQL of the hot-queries list, which the EXPLAIN check and bench:db measure', async () => {
    const hot = new Set(HOT_QUERIES.map((query) => query.sql));
    for (const query of ['', '?category=life-b', '?q=alpha', '?q=alpha&category=bulk-a']) {
      const statements = await recordQueries(service.app, () => meta(query));
      const counts = statements.filter((statement) => /count\(|catalog_counts/i.test(statement));
      expect(counts, query).toHaveLength(1);
      expect(hot.has(counts[0]!), `${query}: ${counts[0]}`).toBe(true);
    }
  });

  it(`counts a title search exactly up to ${SEARCH_TOTAL_BOUND} matches, then reports a lower bound`, async () => {
    // 7 title variants in turn: 'Zeta' 1 in 7, 'alpha' 2 in 7, an "a" in 5 of them.
    await insertCourses(service.app, { category: 'search', count: 7 * 50, instructorId: instructor.id });
    expect(await meta('?category=search&q=zeta')).toEqual(expect.objectContaining({ total: 50, totalRelation: 'eq' }));
    expect(await meta('?category=search&q=ALPHA')).toEqual(expect.objectContaining({ total: 100, totalRelation: 'eq' }));
    const broad = await meta('?category=search&q=a&limit=100');
    expect(broad).toEqual(expect.objectContaining({ total: SEARCH_TOTAL_BOUND, totalRelation: 'gte', hasNext: true }));
    expect(await meta('?category=search')).toEqual({
      page: 1,
      limit: 20,
      total: 7 * 50,
      hasNext: true,
      nextCursor: expect.any(String),
    });
  });

  it('starts from zero after TRUNCATE', async () => {
    await sql(`TRUNCATE "course"."courses" CASCADE`);
    expect(await storedCounts(service.db.adminUrl)).toEqual({});
    expect((await meta('')).total).toBe(0);
    await createCourse(service.app, instructor.authorization, { category: 'after-truncate' });
    await expectExactTotals();
  });
});
