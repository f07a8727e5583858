import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_END_DATE } from '../../../tools/seed/dataset.js';
import { migrateServices } from '../../../tools/seed/migrate.js';
import { seedDatabase, type SeedReport } from '../../../tools/seed/seed.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { HOT_QUERIES, sampleParameters, type Samples } from './hot-queries.js';
import { explain, largeSeqScans, renderPlan, tableSizes } from './plans.js';

/**
 * Every hot query must reach its rows through an index once the tables are big: the data set is
 * seeded at a CI-friendly scale (a few seconds to load) with the statistics ANALYZE gives, and no
 * plan may sequentially scan a table of more than LARGE_TABLE_ROWS rows, unless a LIMIT is expected
 * to stop the scan within EARLY_STOP_SHARE of it (the capped title-search total on a broad word).
 *
 * EXPLAIN_DATABASE_URL points the check at an already seeded database instead (e.g. the
 * production-sized one `npm run seed` makes); nothing is created, seeded or dropped then.
 */
const CI_SCALE = { users: 20_000, courses: 30_000, enrollments: 200_000, orders: 20_000 };
const existingUrl = process.env.EXPLAIN_DATABASE_URL;

let db: TestDatabase | undefined;
let client: pg.Client;
let samples: Samples;
let sizes: Map<string, number>;
let report: SeedReport | undefined;

beforeAll(async () => {
  let url = existingUrl;
  if (!url) {
    db = await createTestDatabase('data_explain');
    url = db.adminUrl;
    await migrateServices(url);
    report = await seedDatabase({ databaseUrl: url, ...CI_SCALE, seed: 7, endDate: DEFAULT_END_DATE });
  }
  client = new pg.Client({ connectionString: url });
  await client.connect();
  sizes = await tableSizes(client);
  samples = await sampleParameters(client);
}, 90_000);

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe('seeded data set', () => {
  it.skipIf(existingUrl)('loads the CI scale in well under 30 seconds, ANALYZEd', () => {
    expect(report!.counts).toMatchObject({
      'auth.users': CI_SCALE.users,
      'course.courses': CI_SCALE.courses,
      'course.enrollments': CI_SCALE.enrollments,
      'payment.orders': CI_SCALE.orders,
      'payment.payments': CI_SCALE.orders,
    });
    expect(report!.seconds).toBeLessThan(30);
    expect(sizes.get('course.enrollments')).toBeGreaterThan(CI_SCALE.enrollments * 0.9);
  });

  it('has exact catalog counts: the triggers keep them during the load', async () => {
    const { rows } = await client.query<{ category: string; stored: number; counted: number }>(
      `SELECT coalesce(c.category, s.category) AS category, coalesce(c.n, 0) AS counted,
              coalesce(s.published_courses, 0)::int AS stored
         FROM (SELECT category, count(*)::int AS n FROM "course"."courses" WHERE published GROUP BY category) c
         FULL JOIN "course"."catalog_counts" s ON s.category = c.category`,
    );
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.stored, row.category).toBe(row.counted);
  });
});

describe('EXPLAIN of the hot queries', () => {
  it.each(HOT_QUERIES.map((query) => [query.name, query] as const))(
    '%s: no sequential scan of a large table',
    async (_, query) => {
      const plan = await explain(client, query.sql, query.params(samples));
      const scans = largeSeqScans(plan, sizes);
      const tables = scans.map((scan) => `${scan.table} (${Math.round(scan.rows)} rows)`).join(', ');
      expect(scans, `${query.name} [${query.source}] sequentially scans ${tables}\n${query.sql}\n${renderPlan(plan)}`).toEqual(
        [],
      );
    },
  );
});

describe('the sequential-scan detector', () => {
  it('flags a query on an unindexed expression of a large table', async () => {
    const sql = `SELECT id FROM "course"."courses" WHERE lower("description") = $1`;
    const plan = await explain(client, sql, ['no such description']);
    expect(largeSeqScans(plan, sizes)).toEqual([{ table: 'course.courses', rows: sizes.get('course.courses') }]);
  });

  it('allows a scan that a LIMIT stops early on a broad match, not one expected to read most of the table', async () => {
    const early = await explain(client, `SELECT id FROM "course"."courses" WHERE "published" LIMIT 10`, []);
    expect(renderPlan(early)).toMatch(/Limit[\s\S]*Seq Scan on course\.courses/);
    expect(largeSeqScans(early, sizes)).toEqual([]);
    const sql = `SELECT id FROM "course"."courses" WHERE lower("description") = $1 LIMIT 1000`;
    const whole = await explain(client, sql, ['no such description']);
    expect(largeSeqScans(whole, sizes)).toEqual([{ table: 'course.courses', rows: sizes.get('course.courses') }]);
  });

  it('leaves small tables alone', async () => {
    const plan = await explain(client, `SELECT * FROM "course"."migrations"`, []);
    expect(plan['Node Type']).toBe('Seq Scan');
    expect(largeSeqScans(plan, sizes)).toEqual([]);
  });
});
