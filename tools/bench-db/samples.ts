import type pg from 'pg';
import { sortValueSql } from '../../apps/course/src/common/keyset.js';
import { Rng } from '../seed/prng.js';
import type { Samples } from './queries.js';

/** How many parameter sets the workers draw from, uniformly at random, one per query execution. */
export const SAMPLE_SETS = 512;

const text = (column: string): string => sortValueSql({ column, type: 'timestamptz', idColumn: 'id', direction: 'DESC' });

// Rows picked by a hash of their id salted with the seed: random-looking, and the same on every run.
const PICK = 'ORDER BY md5(id::text || $1) LIMIT $2';

const SQL = {
  courses: `SELECT id, ${text('created_at')} AS "createdAt", title, price_cents::text AS "priceCents", category
              FROM "course"."courses" WHERE published ${PICK}`,
  paidCourses: `SELECT id FROM "course"."courses" WHERE published AND price_cents > 0 ${PICK}`,
  users: `SELECT id, email FROM "auth"."users" ${PICK}`,
  // Users drawn through their enrollments (the heavier a user, the likelier), each with the position
  // a second page of "my enrollments" continues after: the 11th newest row, or the oldest.
  readers: `WITH picked AS (SELECT user_id FROM "course"."enrollments" ${PICK})
            SELECT p.user_id AS "userId", a.value, a.id FROM picked p CROSS JOIN LATERAL (
              SELECT value, id FROM (
                SELECT ${text('e.enrolled_at')} AS value, e.id, e.enrolled_at FROM "course"."enrollments" e
                 WHERE e.user_id = p.user_id ORDER BY e.enrolled_at DESC, e.id DESC LIMIT 11) newest
              ORDER BY newest.enrolled_at, newest.id LIMIT 1) a`,
  payments: `SELECT user_id AS "userId", idempotency_key AS "idempotencyKey" FROM "payment"."payments" ${PICK}`,
  orders: `SELECT o.id, o.user_id AS "userId", array_agg(i.course_id ORDER BY i.course_id) AS "courseIds"
             FROM (SELECT id, user_id FROM "payment"."orders" ${PICK}) o
             JOIN "payment"."order_items" i ON i.order_id = o.id GROUP BY o.id, o.user_id`,
};

interface Reader {
  userId: string;
  value: string;
  id: string;
}

async function rows<T extends pg.QueryResultRow>(client: pg.Client, sql: string, seed: number, count: number): Promise<T[]> {
  return (await client.query<T>(sql, [String(seed), count])).rows;
}

const cycle = <T>(items: readonly T[], index: number, fallback: T): T =>
  items.length === 0 ? fallback : items[index % items.length]!;

/**
 * `count` parameter sets of real rows, on top of the EXPLAIN check's single `base` set: a field this
 * does not vary (one added to Samples later, say) keeps the base value.
 */
export async function sampleSets(client: pg.Client, base: Samples, seed: number, count = SAMPLE_SETS): Promise<Samples[]> {
  const courses = await rows<Samples['course']>(client, SQL.courses, seed, count);
  const paid = (await rows<{ id: string }>(client, SQL.paidCourses, seed, count + 2)).map((row) => row.id);
  const users = await rows<{ id: string; email: string }>(client, SQL.users, seed, count);
  const readers = await rows<Reader>(client, SQL.readers, seed, count);
  const payments = await rows<Samples['payment']>(client, SQL.payments, seed, count);
  const orders = await rows<Samples['order']>(client, SQL.orders, seed, count);
  const baseReader = { userId: base.heavyUserId, ...base.heavyUserAfter };
  return Array.from({ length: count }, (_, i): Samples => {
    const reader = cycle(readers, i, baseReader);
    const user = cycle(users, i, { id: base.userId, email: base.email });
    return {
      ...base,
      heavyUserId: reader.userId,
      heavyUserAfter: { value: reader.value, id: reader.id },
      userId: user.id,
      email: user.email,
      course: cycle(courses, i, base.course),
      quotedCourseIds: paid.length >= 3 ? [0, 1, 2].map((k) => paid[(i + k) % paid.length]!) : base.quotedCourseIds,
      payment: cycle(payments, i, base.payment),
      order: cycle(orders, i, base.order),
    };
  });
}

/** One parameter set per call, uniformly at random (seeded, so a run draws the same sequence). */
export function drawer(sets: readonly Samples[], seed: number, label: string): () => Samples {
  const rng = Rng.stream(seed, `bench-db:${label}`);
  return () => sets[rng.int(sets.length)]!;
}
