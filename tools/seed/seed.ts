import argon2 from 'argon2';
import pg from 'pg';
import { MIDDLE_LESSONS } from '../../apps/course/src/seed/demo-topics.js';
import {
  generateCourses,
  generateEnrollments,
  generateUsers,
  validateSize,
  type CourseRows,
  type DatasetOptions,
  type EnrollmentChunk,
  type UserRows,
} from './dataset.js';
import { Rng } from './prng.js';
import { silentProgress, type ProgressReporter } from './progress.js';

/** Every seeded user signs in with this password (one argon2id hash, computed once, shared by all). */
export const SEED_PASSWORD = 'azora-seed-password';

/** What `--reset` truncates, and what must be empty otherwise. */
export const SEEDED_TABLES = [
  'auth.users',
  'course.courses',
  'course.lessons',
  'course.enrollments',
  'payment.orders',
  'payment.order_items',
  'payment.payments',
  'payment.outbox',
] as const;
export type SeededTable = (typeof SEEDED_TABLES)[number];

export interface SeedOptions extends DatasetOptions {
  /** A superuser (or owner of all three schemas) URL of the database. */
  databaseUrl: string;
  /** Truncate the seeded tables first; without it they must be empty. */
  reset?: boolean;
  /** Statements in flight at once; 2 keeps both PostgreSQL and the generator busy on a 2-core machine. */
  concurrency?: number;
  progress?: ProgressReporter;
}

export interface PhaseReport {
  phase: string;
  rows: number;
  seconds: number;
}

export interface SeedReport {
  counts: Record<SeededTable, number>;
  phases: PhaseReport[];
  seconds: number;
  rowsPerSecond: number;
}

const BATCH = { users: 10_000, courses: 4_000, enrollments: 20_000 } as const;

// Rows go in as one array parameter per column, unnested server-side: one statement and one round
// trip per batch, with no per-row parameters (node-postgres has no COPY without an extra package).
const INSERT_USERS = `
  INSERT INTO "auth"."users" ("id", "email", "name", "password_hash", "role", "created_at", "updated_at")
  SELECT u.id, u.email, u.name, $6, u.role, to_timestamp(u.created_at), to_timestamp(u.created_at)
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::"auth"."user_role"[], $5::float8[]) AS u(id, email, name, role, created_at)`;

// Lessons are generated server-side from each course's lesson_count; their ids derive from the course id.
const INSERT_COURSES = `
  WITH inserted AS (
    INSERT INTO "course"."courses" ("id", "title", "slug", "description", "category", "price_cents", "currency",
                                    "instructor_id", "published", "lesson_count", "created_at", "updated_at")
    SELECT c.id, c.title, c.slug, c.description, c.category, c.price_cents, 'USD', c.instructor_id, c.published,
           c.lesson_count, to_timestamp(c.created_at), to_timestamp(c.updated_at)
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::uuid[], $8::bool[], $9::int[],
                $10::float8[], $11::float8[])
      AS c(id, title, slug, description, category, price_cents, instructor_id, published, lesson_count, created_at, updated_at)
    RETURNING "id", "lesson_count"
  )
  INSERT INTO "course"."lessons" ("id", "course_id", "position", "title", "body")
  SELECT md5(c.id::text || '/' || l.position)::uuid, c.id, l.position, t.title,
         t.title || ': a short reading, then an exercise you can finish in under an hour.'
  FROM inserted c
  CROSS JOIN LATERAL generate_series(1, c.lesson_count) AS l(position)
  CROSS JOIN LATERAL (
    SELECT CASE WHEN l.position = 1 THEN 'Getting started'
                WHEN l.position = c.lesson_count THEN 'Wrap-up and next steps'
                ELSE ($12::text[])[l.position - 1] END AS title
  ) t`;

const INSERT_ENROLLMENTS = `
  INSERT INTO "course"."enrollments" ("id", "user_id", "course_id", "source_order_id", "enrolled_at")
  SELECT e.id, e.user_id, e.course_id, e.source_order_id, to_timestamp(e.enrolled_at)
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::float8[]) AS e(id, user_id, course_id, source_order_id, enrolled_at)`;

// One statement for a batch of orders with their items, payments and outbox events: the foreign
// keys to orders are checked at the end of the statement, when all of them are in.
const INSERT_ORDERS = `
  WITH orders AS (
    INSERT INTO "payment"."orders" ("id", "user_id", "status", "total_cents", "currency", "created_at", "updated_at")
    SELECT o.id, o.user_id, 'paid', o.total_cents, 'USD', to_timestamp(o.created_at), to_timestamp(o.updated_at)
    FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::float8[], $5::float8[]) AS o(id, user_id, total_cents, created_at, updated_at)
  ), items AS (
    INSERT INTO "payment"."order_items" ("order_id", "course_id", "title", "price_cents")
    SELECT * FROM unnest($6::uuid[], $7::uuid[], $8::text[], $9::int[])
  ), payments AS (
    INSERT INTO "payment"."payments" ("id", "order_id", "user_id", "idempotency_key", "request_hash", "status", "provider_ref",
                                      "amount_cents", "currency", "response", "created_at")
    SELECT p.id, p.order_id, p.user_id, p.idempotency_key, p.request_hash, 'succeeded', p.provider_ref, p.amount_cents, 'USD',
           p.response, to_timestamp(p.created_at)
    FROM unnest($10::uuid[], $11::uuid[], $12::uuid[], $13::text[], $14::text[], $15::text[], $16::int[], $17::jsonb[], $18::float8[])
      AS p(id, order_id, user_id, idempotency_key, request_hash, provider_ref, amount_cents, response, created_at)
  )
  INSERT INTO "payment"."outbox" ("id", "type", "payload", "state", "attempts", "next_attempt_at", "last_error", "created_at", "delivered_at")
  SELECT e.id, 'order.paid', e.payload, e.state, e.attempts, to_timestamp(e.next_attempt_at), e.last_error,
         to_timestamp(e.created_at), to_timestamp(e.delivered_at)
  FROM unnest($19::uuid[], $20::jsonb[], $21::"payment"."outbox_state"[], $22::int[], $23::float8[], $24::text[], $25::float8[],
              $26::float8[])
    AS e(id, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at)`;

/** Runs jobs on pooled connections, at most `limit` at once; the first failure stops everything. */
class Pipeline {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly limit: number,
  ) {}

  async submit(job: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit && !this.failure) await Promise.race(this.running);
    this.throwIfFailed();
    const run = this.pool
      .connect()
      .then(async (client) => {
        try {
          await job(client);
        } finally {
          client.release();
        }
      })
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** Deterministic too: the salt comes from the seed, so the same seed stores the same hash. */
export function sharedPasswordHash(seed: number): Promise<string> {
  return argon2.hash(SEED_PASSWORD, { type: argon2.argon2id, salt: Rng.stream(seed, 'password-salt').bytes(16) });
}

async function prepareTables(pool: pg.Pool, reset: boolean, progress: ProgressReporter): Promise<void> {
  const { rows } = await pool.query<{ table: string; exists: boolean }>(
    'SELECT t AS "table", to_regclass(t) IS NOT NULL AS "exists" FROM unnest($1::text[]) AS t',
    [SEEDED_TABLES],
  );
  const missing = rows.filter((row) => !row.exists).map((row) => row.table);
  if (missing.length > 0) throw new Error(`missing tables ${missing.join(', ')}: migrate first (the CLI's --migrate does)`);
  if (reset) {
    await pool.query(`TRUNCATE ${SEEDED_TABLES.join(', ')}`);
    progress.log(`reset: truncated ${SEEDED_TABLES.join(', ')}`);
    return;
  }
  const filled: string[] = [];
  for (const table of SEEDED_TABLES) {
    const { rows: found } = await pool.query(`SELECT 1 FROM ${table} LIMIT 1`);
    if (found.length > 0) filled.push(table);
  }
  if (filled.length > 0)
    throw new Error(`${filled.join(', ')} already hold rows: pass --reset to truncate the seeded tables first`);
}

async function loadUsers(pipeline: Pipeline, users: UserRows, passwordHash: string, progress: ProgressReporter) {
  const task = progress.start('users', users.id.length);
  for (let start = 0; start < users.id.length; start += BATCH.users) {
    const end = start + BATCH.users;
    const values = [
      users.id.slice(start, end),
      users.email.slice(start, end),
      users.name.slice(start, end),
      users.role.slice(start, end),
      Array.from(users.createdAt.subarray(start, end)),
      passwordHash,
    ];
    await pipeline.submit(async (client) => {
      await client.query(INSERT_USERS, values);
      task.add(values[0]!.length);
    });
  }
  await pipeline.drain();
  task.done();
}

async function loadCourses(pipeline: Pipeline, courses: CourseRows, progress: ProgressReporter): Promise<number> {
  const task = progress.start('courses', courses.id.length);
  let lessons = 0;
  for (let start = 0; start < courses.id.length; start += BATCH.courses) {
    const end = start + BATCH.courses;
    const lessonCounts = Array.from(courses.lessonCount.subarray(start, end));
    lessons += lessonCounts.reduce((sum, count) => sum + count, 0);
    const values = [
      courses.id.slice(start, end),
      courses.title.slice(start, end),
      courses.slug.slice(start, end),
      courses.description.slice(start, end),
      courses.category.slice(start, end),
      Array.from(courses.priceCents.subarray(start, end)),
      courses.instructorId.slice(start, end),
      courses.published.slice(start, end),
      lessonCounts,
      Array.from(courses.createdAt.subarray(start, end)),
      Array.from(courses.updatedAt.subarray(start, end)),
      MIDDLE_LESSONS,
    ];
    await pipeline.submit(async (client) => {
      await client.query(INSERT_COURSES, values);
      task.add(lessonCounts.length);
    });
  }
  await pipeline.drain();
  task.done();
  return lessons;
}

const orderValues = ({ orders, orderItems: items, payments, outbox }: EnrollmentChunk): unknown[] => [
  orders.id,
  orders.userId,
  orders.totalCents,
  orders.createdAt,
  orders.updatedAt,
  items.orderId,
  items.courseId,
  items.title,
  items.priceCents,
  payments.id,
  payments.orderId,
  payments.userId,
  payments.idempotencyKey,
  payments.requestHash,
  payments.providerRef,
  payments.amountCents,
  payments.response,
  payments.createdAt,
  outbox.id,
  outbox.payload,
  outbox.state,
  outbox.attempts,
  outbox.nextAttemptAt,
  outbox.lastError,
  outbox.createdAt,
  outbox.deliveredAt,
];

async function loadEnrollments(
  pipeline: Pipeline,
  options: DatasetOptions,
  users: UserRows,
  courses: CourseRows,
  progress: ProgressReporter,
): Promise<
  Pick<
    SeedReport['counts'],
    'course.enrollments' | 'payment.orders' | 'payment.order_items' | 'payment.payments' | 'payment.outbox'
  >
> {
  const counts = {
    'course.enrollments': 0,
    'payment.orders': 0,
    'payment.order_items': 0,
    'payment.payments': 0,
    'payment.outbox': 0,
  };
  const task = progress.start('enrollments', options.enrollments);
  for (const chunk of generateEnrollments(options, users, courses, BATCH.enrollments)) {
    const { enrollments, orders } = chunk;
    counts['course.enrollments'] += enrollments.id.length;
    counts['payment.orders'] += orders.id.length;
    counts['payment.order_items'] += chunk.orderItems.orderId.length;
    counts['payment.payments'] += chunk.payments.id.length;
    counts['payment.outbox'] += chunk.outbox.id.length;
    const enrollmentValues = [
      enrollments.id,
      enrollments.userId,
      enrollments.courseId,
      enrollments.sourceOrderId,
      enrollments.enrolledAt,
    ];
    await pipeline.submit(async (client) => {
      await client.query(INSERT_ENROLLMENTS, enrollmentValues);
      task.add(enrollments.id.length);
    });
    if (orders.id.length > 0)
      await pipeline.submit(async (client) => void (await client.query(INSERT_ORDERS, orderValues(chunk))));
  }
  await pipeline.drain();
  task.done();
  return counts;
}

/**
 * Loads the data set into an already migrated database: users, courses with lessons, enrollments
 * and paid orders, then VACUUM (ANALYZE). Deterministic: the same options give the same rows and ids.
 */
export async function seedDatabase(options: SeedOptions): Promise<SeedReport> {
  validateSize(options);
  const progress = options.progress ?? silentProgress;
  const concurrency = options.concurrency ?? 2;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: concurrency,
    application_name: 'azora-seed',
    // Losing the last few commits in a crash is fine for seed data, and it saves a WAL flush per batch.
    options: '-c synchronous_commit=off',
  });
  const phases: PhaseReport[] = [];
  const started = performance.now();
  const timed = async <T>(phase: string, rows: (result: T) => number, work: () => Promise<T>): Promise<T> => {
    const at = performance.now();
    const result = await work();
    phases.push({ phase, rows: rows(result), seconds: (performance.now() - at) / 1000 });
    return result;
  };
  try {
    await prepareTables(pool, options.reset ?? false, progress);
    const pipeline = new Pipeline(pool, concurrency);
    const passwordHash = await sharedPasswordHash(options.seed);
    const users = generateUsers(options);
    await timed(
      'users',
      () => users.id.length,
      () => loadUsers(pipeline, users, passwordHash, progress),
    );
    const courses = generateCourses(options, users);
    const lessons = await timed(
      'courses + lessons',
      (count) => courses.id.length + count,
      () => loadCourses(pipeline, courses, progress),
    );
    const paid = await timed(
      'enrollments + orders',
      (counts) => Object.values(counts).reduce((sum, count) => sum + count, 0),
      () => loadEnrollments(pipeline, options, users, courses, progress),
    );
    // ANALYZE for the planner's statistics; VACUUM sets the visibility map as autovacuum would have
    // on a live database, so index-only scans are planned as they are in production.
    await timed(
      'vacuum + analyze',
      () => 0,
      () => pool.query(`VACUUM (ANALYZE) ${SEEDED_TABLES.join(', ')}`),
    );
    const counts = { 'auth.users': users.id.length, 'course.courses': courses.id.length, 'course.lessons': lessons, ...paid };
    const seconds = (performance.now() - started) / 1000;
    const rows = Object.values(counts).reduce((sum, count) => sum + count, 0);
    return { counts, phases, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await pool.end();
  }
}
