import pg from 'pg';
import { expect } from 'vitest';

export type Counts = Record<string, number>;

const query = async (url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
};

/** What the triggers maintain; categories whose count fell to 0 keep a row, so they are left out. */
export async function storedCounts(url: string): Promise<Counts> {
  const { rows } = await query(
    url,
    `SELECT category, published_courses::int AS n FROM "course"."catalog_counts" WHERE published_courses > 0 ORDER BY category`,
  );
  return Object.fromEntries(rows.map((row: { category: string; n: number }) => [row.category, row.n]));
}

/** The truth, counted the slow way. */
export async function countedCounts(url: string): Promise<Counts> {
  const { rows } = await query(
    url,
    `SELECT category, count(*)::int AS n FROM "course"."courses" WHERE published GROUP BY category ORDER BY category`,
  );
  return Object.fromEntries(rows.map((row: { category: string; n: number }) => [row.category, row.n]));
}

/** Fails unless the maintained counts equal a fresh count; returns them. */
export async function expectExactCounts(url: string): Promise<Counts> {
  const counted = await countedCounts(url);
  expect(await storedCounts(url)).toEqual(counted);
  return counted;
}

export const sum = (counts: Counts): number => Object.values(counts).reduce((total, n) => total + n, 0);

const OWN = `SELECT id FROM "course"."courses" WHERE slug LIKE 'concurrent-' || $1 || '-%' ORDER BY random()`;

/**
 * `writers` connections at once, each running `rounds` single-statement writes as the service does:
 * a multi-category insert in a transaction (every fourth rolled back), then an update that publishes
 * or unpublishes and recategorises two of its own courses, then a delete of one of them.
 */
export async function concurrentWriters(
  url: string,
  options: { writers: number; rounds: number; categories: string[]; instructorId: string },
): Promise<void> {
  const writer = async (index: number): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const pick = (): string => options.categories[Math.floor(Math.random() * options.categories.length)]!;
    try {
      for (let round = 0; round < options.rounds; round++) {
        const shuffled = [...options.categories].sort(() => Math.random() - 0.5);
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO "course"."courses" (title, slug, description, category, price_cents, instructor_id, published)
           SELECT 'Concurrent ' || c, 'concurrent-' || $1 || '-' || $2 || '-' || o, 'x', c, 0, $3, o % 3 <> 0
           FROM unnest($4::text[]) WITH ORDINALITY AS t(c, o)`,
          [index, round, options.instructorId, shuffled],
        );
        await client.query(round % 4 === 3 ? 'ROLLBACK' : 'COMMIT');
        await client.query(
          `UPDATE "course"."courses" SET published = NOT published, category = $2 WHERE id IN (${OWN} LIMIT 2)`,
          [index, pick()],
        );
        await client.query(`DELETE FROM "course"."courses" WHERE id IN (${OWN} LIMIT 1)`, [index]);
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: options.writers }, (_, index) => writer(index)));
}
