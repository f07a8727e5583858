import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/**
 * The hot queries, written as the repositories issue them (TypeORM's generated SQL copied verbatim
 * for the query-builder ones), with parameters taken from the seeded data. When a repository's SQL
 * changes, change it here too: this list is what the EXPLAIN check vouches for. hot-queries.spec.ts
 * fails when a hand-written statement here differs from its repository's.
 */
export interface HotQuery {
  name: string;
  /** The repository method that sends it. */
  source: string;
  sql: string;
  params: (samples: Samples) => unknown[];
}

export interface Position {
  value: string;
  id: string;
}

/** Real ids and keys from the seeded data, so each plan is the one a real request gets. */
export interface Samples {
  /** The user with the most enrollments: the worst case for per-user listings. */
  heavyUserId: string;
  heavyUserAfter: Position;
  userId: string;
  email: string;
  course: { id: string; createdAt: string; title: string; priceCents: string; category: string };
  quotedCourseIds: string[];
  payment: { userId: string; idempotencyKey: string };
  order: { id: string; userId: string; status: string; courseIds: string[] };
}

const TIMESTAMP_TEXT = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function sampleParameters(client: pg.Client): Promise<Samples> {
  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T> => {
    const { rows } = await client.query<T>(sql, params);
    if (!rows[0]) throw new Error(`no sample row for: ${sql}`);
    return rows[0];
  };
  const heavy = await one<{ user_id: string }>(
    `SELECT user_id FROM "course"."enrollments" GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1`,
  );
  const heavyAfter = await one<Position>(
    `SELECT ${TIMESTAMP_TEXT('enrolled_at')} AS value, id FROM "course"."enrollments" WHERE user_id = $1
      ORDER BY enrolled_at DESC, id DESC OFFSET 10 LIMIT 1`,
    [heavy.user_id],
  );
  const user = await one<{ id: string; email: string }>(
    `SELECT u.id, u.email FROM "auth"."users" u WHERE u.role = 'student' ORDER BY u.email LIMIT 1 OFFSET 100`,
  );
  // A published course from the middle of the catalog: keyset pages continue after it.
  const course = await one<Samples['course']>(
    `SELECT id, ${TIMESTAMP_TEXT('created_at')} AS "createdAt", title, price_cents::text AS "priceCents", category
       FROM "course"."courses" WHERE published ORDER BY created_at DESC, id DESC
     OFFSET (SELECT count(*) / 2 FROM "course"."courses" WHERE published) LIMIT 1`,
  );
  const quoted = await client.query<{ id: string }>(
    `SELECT id FROM "course"."courses" WHERE published AND price_cents > 0 ORDER BY id LIMIT 3`,
  );
  const payment = await one<Samples['payment']>(
    `SELECT user_id AS "userId", idempotency_key AS "idempotencyKey" FROM "payment"."payments" ORDER BY id LIMIT 1`,
  );
  const order = await one<Samples['order']>(
    `SELECT o.id, o.user_id AS "userId", o.status::text AS status, array_agg(i.course_id) AS "courseIds"
       FROM "payment"."orders" o JOIN "payment"."order_items" i ON i.order_id = o.id
      GROUP BY o.id ORDER BY o.id LIMIT 1`,
  );
  return {
    heavyUserId: heavy.user_id,
    heavyUserAfter: heavyAfter,
    userId: user.id,
    email: user.email,
    course,
    quotedCourseIds: quoted.rows.map((row) => row.id),
    payment,
    order,
  };
}

// CoursesRepository.findPublished / countPublished (TypeORM query builder, PAGE_LIMIT + 1 rows).
const COURSE_COLUMNS = [
  'id',
  'title',
  'slug',
  'description',
  'category',
  'price_cents',
  'currency',
  'instructor_id',
  'published',
  'lesson_count',
  'created_at',
  'updated_at',
]
  .map((column) => `"course"."${column}" AS "course_${column}"`)
  .join(', ');

type SortColumn = 'createdAt' | 'title' | 'priceCents';
const SORTS: Record<SortColumn, { column: string; type: string; value: string }> = {
  createdAt: { column: '"course"."created_at"', type: 'timestamptz', value: TIMESTAMP_TEXT('"course"."created_at"') },
  title: { column: '"course"."title"', type: 'text', value: '"course"."title"::text' },
  priceCents: { column: '"course"."price_cents"', type: 'integer', value: '"course"."price_cents"::text' },
};

function catalogPage(sort: SortColumn, direction: 'ASC' | 'DESC', options: { category?: boolean; after?: boolean } = {}) {
  const { column, type, value } = SORTS[sort];
  let where = `"course"."published" = true`;
  const first = options.category ? 2 : 1;
  if (options.category) where += ` AND "course"."category" = $1`;
  if (options.after) {
    const operator = direction === 'ASC' ? '>' : '<';
    where += ` AND (${column}, "course"."id") ${operator} (CAST($${first} AS ${type}), CAST($${first + 1} AS uuid))`;
  }
  return (
    `SELECT ${COURSE_COLUMNS}, ${value} AS "sort_value" FROM "course"."courses" "course" WHERE ${where} ` +
    `ORDER BY ${column} ${direction}, "course"."id" ${direction} LIMIT 21 OFFSET 0`
  );
}

const afterValue = (sort: SortColumn, samples: Samples): string =>
  ({ createdAt: samples.course.createdAt, title: samples.course.title, priceCents: samples.course.priceCents })[sort];

const catalogQueries = (): HotQuery[] =>
  (['createdAt', 'title', 'priceCents'] as const).flatMap((sort) =>
    (['DESC', 'ASC'] as const).flatMap((direction): HotQuery[] => [
      {
        name: `catalog first page, sort ${direction === 'DESC' ? '-' : ''}${sort}`,
        source: 'CoursesRepository.findPublished',
        sql: catalogPage(sort, direction),
        params: () => [],
      },
      {
        name: `catalog keyset page, sort ${direction === 'DESC' ? '-' : ''}${sort}`,
        source: 'CoursesRepository.findPublished',
        sql: catalogPage(sort, direction, { after: true }),
        params: (samples) => [afterValue(sort, samples), samples.course.id],
      },
    ]),
  );

// catalog-totals.ts' searchCountSql: a count that stops one match past SEARCH_TOTAL_BOUND (200); without a
// category it reads price_cents so that the planner cannot walk the title index (see there why).
const searchTotal = (category: string): string =>
  category
    ? `SELECT count(*)::int AS "total" FROM (SELECT 1 FROM "course"."courses" WHERE "published" ` +
      `AND "title" ILIKE $1 ESCAPE '\\'${category} LIMIT 201) AS "matches"`
    : `SELECT count("matches"."price_cents")::int AS "total" FROM (SELECT "price_cents" FROM "course"."courses" ` +
      `WHERE "published" AND "title" ILIKE $1 ESCAPE '\\' LIMIT 201) AS "matches"`;

/**
 * The first five letters of a course title: for most titles one of the template openings ('advan',
 * 'intro', …), each in ~10 % of the catalog, so the broad searches whose counts reach the bound.
 */
const searchPattern = (samples: Samples): string => `%${samples.course.title.split(' ')[0]!.toLowerCase().slice(0, 5)}%`;

const MY_ENROLLMENTS = (after: boolean): string => `
  SELECT e."id", e."course_id" AS "courseId", c."title", e."enrolled_at" AS "enrolledAt",
         ${TIMESTAMP_TEXT('e."enrolled_at"')} AS "sortValue"
  FROM "course"."enrollments" e JOIN "course"."courses" c ON c."id" = e."course_id"
  WHERE e."user_id" = $1 ${after ? `AND (e."enrolled_at", e."id") < (CAST($4 AS timestamptz), CAST($5 AS uuid))` : ''}
  ORDER BY e."enrolled_at" DESC, e."id" DESC
  OFFSET $2 LIMIT $3`;

export const HOT_QUERIES: readonly HotQuery[] = [
  ...catalogQueries(),
  {
    name: 'catalog first page in a category',
    source: 'CoursesRepository.findPublished',
    sql: catalogPage('createdAt', 'DESC', { category: true }),
    params: (samples) => [samples.course.category],
  },
  {
    name: 'catalog keyset page in a category',
    source: 'CoursesRepository.findPublished',
    sql: catalogPage('createdAt', 'DESC', { category: true, after: true }),
    params: (samples) => [samples.course.category, samples.course.createdAt, samples.course.id],
  },
  {
    name: 'catalog total, no filter',
    source: 'CoursesRepository.countPublished (catalog_counts)',
    sql: `SELECT COALESCE(SUM("published_courses"), 0)::int AS "total" FROM "course"."catalog_counts"`,
    params: () => [],
  },
  {
    name: 'catalog total in a category',
    source: 'CoursesRepository.countPublished (catalog_counts)',
    sql: `SELECT COALESCE(SUM("published_courses"), 0)::int AS "total" FROM "course"."catalog_counts" WHERE "category" = $1`,
    params: (samples) => [samples.course.category],
  },
  {
    name: 'catalog title search total',
    source: 'CoursesRepository.countPublished (capped at SEARCH_TOTAL_BOUND + 1)',
    sql: searchTotal(''),
    params: (samples) => [searchPattern(samples)],
  },
  {
    name: 'catalog title search total in a category',
    source: 'CoursesRepository.countPublished (capped at SEARCH_TOTAL_BOUND + 1)',
    sql: searchTotal(' AND "category" = $2'),
    params: (samples) => [searchPattern(samples), samples.course.category],
  },
  {
    name: 'course by id',
    source: 'CoursesRepository.findById / findForDetail',
    sql:
      `SELECT "CourseEntity"."id" AS "CourseEntity_id", "CourseEntity"."title" AS "CourseEntity_title", ` +
      `"CourseEntity"."published" AS "CourseEntity_published", "CourseEntity"."instructor_id" AS "CourseEntity_instructor_id" ` +
      `FROM "course"."courses" "CourseEntity" WHERE (("CourseEntity"."id" = $1)) LIMIT 1`,
    params: (samples) => [samples.course.id],
  },
  {
    name: 'lessons of a course',
    source: 'CoursesRepository.findLessons',
    sql:
      `SELECT "LessonEntity"."id" AS "LessonEntity_id", "LessonEntity"."course_id" AS "LessonEntity_course_id", ` +
      `"LessonEntity"."position" AS "LessonEntity_position", "LessonEntity"."title" AS "LessonEntity_title", ` +
      `"LessonEntity"."body" AS "LessonEntity_body" FROM "course"."lessons" "LessonEntity" ` +
      `WHERE (("LessonEntity"."course_id" = $1)) ORDER BY "LessonEntity"."position" ASC`,
    params: (samples) => [samples.course.id],
  },
  {
    name: 'my enrollments, first page',
    source: 'EnrollmentsRepository.findPageForUser',
    sql: MY_ENROLLMENTS(false),
    params: (samples) => [samples.heavyUserId, 0, 21],
  },
  {
    name: 'my enrollments, keyset page',
    source: 'EnrollmentsRepository.findPageForUser',
    sql: MY_ENROLLMENTS(true),
    params: (samples) => [samples.heavyUserId, 0, 21, samples.heavyUserAfter.value, samples.heavyUserAfter.id],
  },
  {
    name: 'my enrollments, total',
    source: 'EnrollmentsRepository.countForUser',
    sql: `SELECT count(*)::int AS "total" FROM "course"."enrollments" WHERE "user_id" = $1`,
    params: (samples) => [samples.heavyUserId],
  },
  {
    name: 'enrollment exists',
    source: 'EnrollmentsRepository.find',
    sql:
      `SELECT "course_id" AS "courseId", "user_id" AS "userId", "enrolled_at" AS "enrolledAt" ` +
      `FROM "course"."enrollments" WHERE "user_id" = $1 AND "course_id" = $2`,
    params: (samples) => [samples.userId, samples.course.id],
  },
  {
    name: 'enroll in a free course (insert or find)',
    source: 'EnrollmentsRepository.insertOrFind',
    sql: `WITH inserted AS (
    INSERT INTO "course"."enrollments" ("user_id", "course_id")
    SELECT $1, c."id" FROM "course"."courses" c
     WHERE c."id" = $2 AND c."price_cents" = 0 AND (c."published" OR c."instructor_id" = $1 OR $3::boolean)
    ON CONFLICT ("user_id", "course_id") DO NOTHING
    RETURNING "course_id" AS "courseId", "user_id" AS "userId", "enrolled_at" AS "enrolledAt")
  SELECT *, true AS "created" FROM inserted
  UNION ALL
  SELECT "course_id" AS "courseId", "user_id" AS "userId", "enrolled_at" AS "enrolledAt", false AS "created"
    FROM "course"."enrollments" WHERE "user_id" = $1 AND "course_id" = $2`,
    params: (samples) => [samples.userId, samples.course.id, false],
  },
  {
    name: 'grant enrollments for an order',
    source: 'EnrollmentsRepository.grantForOrder',
    sql: `INSERT INTO "course"."enrollments" ("user_id", "course_id", "source_order_id")
          SELECT $1, "id", $3 FROM "course"."courses" WHERE "id" = ANY($2::uuid[])
          ON CONFLICT ("user_id", "course_id") DO NOTHING
          RETURNING "id"`,
    params: (samples) => [samples.order.userId, samples.order.courseIds, samples.order.id],
  },
  {
    name: 'price quote with ownership',
    source: 'QuotesRepository.findPublishedForUser',
    sql: `SELECT c."id", c."title", c."price_cents" AS "priceCents", c."currency", (e."id" IS NOT NULL) AS "alreadyEnrolled"
          FROM "course"."courses" c
          LEFT JOIN "course"."enrollments" e ON e."course_id" = c."id" AND e."user_id" = $1
          WHERE c."id" = ANY($2::uuid[]) AND c."published"`,
    params: (samples) => [samples.userId, samples.quotedCourseIds],
  },
  {
    name: 'user by email (sign-in)',
    source: 'UsersRepository.findWithPasswordByEmail',
    sql:
      `SELECT "user"."id" AS "user_id", "user"."email" AS "user_email", "user"."name" AS "user_name", ` +
      `"user"."role" AS "user_role", "user"."created_at" AS "user_created_at", "user"."updated_at" AS "user_updated_at", ` +
      `"user"."password_hash" AS "user_password_hash" FROM "auth"."users" "user" WHERE "user"."email" = $1`,
    params: (samples) => [samples.email],
  },
  {
    name: 'user by id',
    source: 'UsersRepository.findById',
    sql: 'SELECT id, email, name, role, created_at AS "createdAt" FROM "auth"."users" WHERE id = $1',
    params: (samples) => [samples.userId],
  },
  {
    name: 'payment by idempotency key',
    source: 'PaymentsRepository.findByKey',
    sql: `SELECT request_hash AS "requestHash", response FROM "payment"."payments" WHERE user_id = $1 AND idempotency_key = $2`,
    params: (samples) => [samples.payment.userId, samples.payment.idempotencyKey],
  },
  {
    name: 'order of a user, with items',
    source: 'OrdersRepository.findForUser',
    sql:
      `SELECT o.id, o.user_id AS "userId", o.status, o.total_cents AS "totalCents", o.currency, o.created_at AS "createdAt", ` +
      `o.updated_at AS "updatedAt", i.course_id AS "itemCourseId", i.title AS "itemTitle", i.price_cents AS "itemPriceCents" ` +
      `FROM "payment"."orders" o LEFT JOIN "payment"."order_items" i ON i.order_id = o.id WHERE o.id = $1 AND o.user_id = $2`,
    params: (samples) => [samples.order.id, samples.order.userId],
  },
  {
    name: 'order of a user, with items, locked for payment',
    source: 'OrdersRepository.lockForUser',
    sql:
      `SELECT o.id, o.user_id AS "userId", o.status, o.total_cents AS "totalCents", o.currency, o.created_at AS "createdAt", ` +
      `o.updated_at AS "updatedAt", i.course_id AS "itemCourseId", i.title AS "itemTitle", i.price_cents AS "itemPriceCents" ` +
      `FROM "payment"."orders" o LEFT JOIN "payment"."order_items" i ON i.order_id = o.id WHERE o.id = $1 AND o.user_id = $2 ` +
      `FOR UPDATE OF o`,
    params: (samples) => [samples.order.id, samples.order.userId],
  },
  {
    name: 'courses a user already paid for',
    source: 'OrdersRepository.paidCourseIds',
    sql: `SELECT DISTINCT i.course_id
            FROM "payment"."order_items" i
            JOIN "payment"."orders" o ON o.id = i.order_id
           WHERE o.user_id = $1 AND o.status = 'paid' AND i.course_id = ANY($2::uuid[])`,
    params: (samples) => [samples.order.userId, samples.order.courseIds],
  },
  {
    name: 'prior outcome of a payment',
    source: 'PaymentsRepository.priorOutcome',
    sql: `SELECT
    (SELECT json_build_object('requestHash', request_hash, 'response', response)
       FROM "payment"."payments" WHERE user_id = $1 AND idempotency_key = $3) AS previous,
    (SELECT DISTINCT i.course_id
         FROM "payment"."order_items" i
         JOIN "payment"."orders" o ON o.id = i.order_id
        WHERE o.user_id = $1 AND o.status = 'paid' AND i.course_id = ANY($2::uuid[]) LIMIT 1) AS "ownedCourseId"`,
    params: (samples) => [samples.payment.userId, samples.order.courseIds, samples.payment.idempotencyKey],
  },
  {
    name: 'record a charge',
    source: 'PaymentsRepository.recordCharge',
    sql: `WITH payment AS (
    INSERT INTO "payment"."payments"
      (id, order_id, user_id, idempotency_key, request_hash, status, failure_code, provider_ref, amount_cents, currency, response)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)),
  order_status AS (
    UPDATE "payment"."orders" SET status = $12::"payment"."order_status", updated_at = now() WHERE id = $2),
  event AS (
    INSERT INTO "payment"."outbox" (type, payload) SELECT $13::text, $14::jsonb WHERE $13::text IS NOT NULL)
  SELECT 1`,
    // bench:db commits writes: a fresh payment id and key each time, as every real charge has, the order's
    // own status (nothing changes) and no event (nothing for a relay to deliver).
    params: (samples) => [
      randomUUID(),
      samples.order.id,
      samples.order.userId,
      randomUUID(),
      'hash',
      'succeeded',
      null,
      'ref',
      4900,
      'USD',
      '{}',
      samples.order.status,
      null,
      null,
    ],
  },
  {
    name: 'add to cart and list it',
    source: 'CartRepository.addAndList',
    sql: `WITH added AS (
    INSERT INTO "payment"."cart_items" (user_id, course_id, title, price_cents, currency) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (user_id, course_id) DO NOTHING
    RETURNING user_id AS "userId", course_id AS "courseId", title, price_cents AS "priceCents", currency, added_at AS "addedAt", true AS added)
  SELECT * FROM (
    SELECT * FROM added
    UNION ALL
    SELECT user_id AS "userId", course_id AS "courseId", title, price_cents AS "priceCents", currency, added_at AS "addedAt", false AS added
      FROM "payment"."cart_items" WHERE user_id = $1
  ) cart ORDER BY "addedAt", "courseId"`,
    params: (samples) => [samples.order.userId, samples.course.id, 'A course', 4900, 'USD'],
  },
  {
    name: 'orders of a user, newest first',
    source: 'orders_user_created_idx (no listing endpoint yet)',
    sql: `SELECT id, status, total_cents, created_at FROM "payment"."orders" WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20`,
    params: (samples) => [samples.order.userId],
  },
  {
    name: 'outbox: claim due events',
    source: 'OutboxRepository.claimDue',
    sql: `WITH due AS (
            SELECT id FROM "payment"."outbox"
             WHERE state = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at
             LIMIT $1
             FOR UPDATE SKIP LOCKED
          ), claimed AS (
            UPDATE "payment"."outbox" o
               SET next_attempt_at = now() + $2 * interval '1 millisecond'
              FROM due
             WHERE o.id = due.id
            RETURNING o.id, o.type, o.payload, o.attempts
          )
          SELECT id, type, payload, attempts FROM claimed`,
    params: () => [50, 30_000],
  },
  {
    name: 'outbox: pending count',
    source: 'OutboxRepository.countPending',
    sql: `SELECT count(*)::int AS count FROM "payment"."outbox" WHERE state = 'pending'`,
    params: () => [],
  },
];
