import { createHash } from 'node:crypto';
import type { Role } from '@azora/auth';
import { slugify } from '../../apps/course/src/courses/slug.js';
import { DEMO_TOPICS, LEVELS, PAID_PRICES_CENTS, TITLE_TEMPLATES } from '../../apps/course/src/seed/demo-topics.js';
import { hashPaymentRequest } from '../../apps/payment/src/payments/idempotency.js';
import { SIMULATOR_TOKENS } from '../../apps/payment/src/payments/provider/simulated-payment.provider.js';
import { Rng } from './prng.js';

/**
 * The deterministic data set: plain column arrays, generated in memory (users, courses) or streamed
 * in chunks (enrollments with their orders). Nothing here touches the database.
 */
export interface DatasetSize {
  users: number;
  courses: number;
  enrollments: number;
  /** Paid orders; each has 1–3 items, one succeeded payment and one `order.paid` outbox event. */
  orders: number;
}

export interface DatasetOptions extends DatasetSize {
  seed: number;
  /** The newest timestamp of the data set; everything is spread over the three years before it. */
  endDate: Date;
}

/** Fixed, so that the same seed gives the same rows, timestamps included, whenever it runs. */
export const DEFAULT_END_DATE = new Date('2025-11-25T00:00:00.000Z');
const SPAN_SECONDS = 3 * 365 * 86_400;

export const INSTRUCTOR_SHARE = 0.01;
export const PUBLISHED_SHARE = 0.7;
export const FREE_SHARE = 0.3;
/** No user enrolls in more courses than this (and never in more than exist). */
export const MAX_ENROLLMENTS_PER_USER = 2_000;
export const LESSONS_PER_COURSE = { min: 2, max: 5 } as const;
/** Share of `order.paid` events still pending (delivered, but the reply was lost: at-least-once). */
const PENDING_OUTBOX_SHARE = 0.0005;

export interface UserRows {
  id: string[];
  email: string[];
  name: string[];
  role: Role[];
  /** Epoch seconds, millisecond precision. */
  createdAt: Float64Array;
}

export interface CourseRows {
  id: string[];
  title: string[];
  slug: string[];
  description: string[];
  category: string[];
  priceCents: Int32Array;
  instructorId: string[];
  published: boolean[];
  lessonCount: Int32Array;
  createdAt: Float64Array;
  updatedAt: Float64Array;
}

export interface EnrollmentColumns {
  id: string[];
  userId: string[];
  courseId: string[];
  sourceOrderId: (string | null)[];
  enrolledAt: number[];
}

export interface OrderColumns {
  id: string[];
  userId: string[];
  totalCents: number[];
  createdAt: number[];
  updatedAt: number[];
}

export interface OrderItemColumns {
  orderId: string[];
  courseId: string[];
  title: string[];
  priceCents: number[];
}

export interface PaymentColumns {
  id: string[];
  orderId: string[];
  userId: string[];
  idempotencyKey: string[];
  requestHash: string[];
  providerRef: string[];
  amountCents: number[];
  response: string[];
  createdAt: number[];
}

export interface OutboxColumns {
  id: string[];
  payload: string[];
  state: ('pending' | 'delivered')[];
  attempts: number[];
  nextAttemptAt: number[];
  lastError: (string | null)[];
  createdAt: number[];
  deliveredAt: (number | null)[];
}

/** The rows of a slice of users: their enrollments and, for the paid ones, the orders behind them. */
export interface EnrollmentChunk {
  enrollments: EnrollmentColumns;
  orders: OrderColumns;
  orderItems: OrderItemColumns;
  payments: PaymentColumns;
  outbox: OutboxColumns;
}

// prettier-ignore
const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Ana', 'Arjun', 'Bea', 'Carlos', 'Chen', 'Chloe', 'Dara', 'David', 'Elena', 'Emeka', 'Fatima',
  'Felix', 'Grace', 'Hana', 'Hugo', 'Ines', 'Ivan', 'Jamal', 'Jonas', 'Kai', 'Kemi', 'Lars', 'Layla', 'Leo', 'Lina', 'Marco',
  'Maya', 'Mei', 'Nadia', 'Noah', 'Olga', 'Omar', 'Priya', 'Rafael', 'Rosa', 'Sam', 'Sara', 'Tariq', 'Tomas', 'Uma',
  'Victor', 'Wen', 'Yara', 'Yusuf', 'Zoe',
];
// prettier-ignore
const LAST_NAMES = [
  'Abebe', 'Andersen', 'Bauer', 'Costa', 'Da Silva', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Haddad', 'Hansen', 'Ito',
  'Ivanova', 'Jensen', 'Kim', 'Kowalski', 'Kumar', 'Lee', 'Lopez', 'Martin', 'Meyer', 'Moreau', 'Mwangi', 'Nakamura',
  'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Park', 'Patel', 'Petrov', 'Rossi', 'Sato', 'Schmidt', 'Silva', 'Singh', 'Smith',
  'Suzuki', 'Tanaka', 'Torres', 'Wang', 'Weber', 'Williams', 'Yilmaz', 'Zhang',
];
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com'];
// prettier-ignore
const TITLE_SUFFIXES = [
  '', '', '', '', '', ' (2025 Edition)', ': Zero to Hero', ' Bootcamp', ' Essentials', ' Crash Course', ' Masterclass',
  ' with Real Projects', ', Part 2', ' for Professionals',
];
/** Relative share of courses per category (5 for any other): programming dominates, as on any such platform. */
const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  programming: 30,
  'data-science': 15,
  business: 12,
  design: 10,
  marketing: 10,
  languages: 9,
  music: 8,
  photography: 6,
};
/** Cheaper prices are more common. */
const PRICE_WEIGHTS = PAID_PRICES_CENTS.map((_, index) => PAID_PRICES_CENTS.length - index);

const roundMs = (seconds: number): number => Math.round(seconds * 1000) / 1000;
const startOf = (options: DatasetOptions): number => options.endDate.getTime() / 1000 - SPAN_SECONDS;
const endOf = (options: DatasetOptions): number => options.endDate.getTime() / 1000;

export function validateSize(size: DatasetSize): void {
  for (const name of ['users', 'courses', 'enrollments', 'orders'] as const) {
    const value = size[name];
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  }
  if (size.courses > 0 && size.users === 0) throw new Error('courses need instructors: --users must be at least 1');
  if (size.orders > size.enrollments)
    throw new Error(`--orders (${size.orders}) cannot exceed --enrollments (${size.enrollments})`);
}

export function instructorCount(users: number): number {
  return users === 0 ? 0 : Math.max(1, Math.round(users * INSTRUCTOR_SHARE));
}

export function adminCount(users: number): number {
  return Math.max(0, Math.min(Math.max(1, Math.round(users / 20_000)), 10, users - instructorCount(users)));
}

/** Users signed up over three years, more of them recently; ~1 % instructors, a few admins, the rest students. */
export function generateUsers(options: DatasetOptions): UserRows {
  const rng = Rng.stream(options.seed, 'users');
  const count = options.users;
  const role: Role[] = new Array<Role>(count).fill('student');
  const order = rng.shuffle(Uint32Array.from({ length: count }, (_, index) => index));
  const instructors = instructorCount(count);
  const admins = adminCount(count);
  for (let i = 0; i < instructors; i++) role[order[i]!] = 'instructor';
  for (let i = instructors; i < instructors + admins; i++) role[order[i]!] = 'admin';

  const rows: UserRows = { id: [], email: [], name: [], role, createdAt: new Float64Array(count) };
  const start = startOf(options);
  for (let i = 0; i < count; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    rows.id.push(rng.uuid());
    rows.name.push(`${first} ${last}`);
    // The index keeps emails unique; lowercase, as the auth service normalizes them.
    rows.email.push(`${first}.${last.replace(/ /g, '')}.${i}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase());
    // Staff and instructors joined early (their courses span the three years); students keep coming.
    const r = rng.next();
    rows.createdAt[i] = roundMs(start + SPAN_SECONDS * (role[i] === 'student' ? Math.sqrt(r) : r * r * 0.5));
  }
  return rows;
}

/**
 * Courses by the seeded instructors (a few of them prolific), ~70 % published, ~30 % free, created
 * after their instructor signed up, 2–5 lessons each (`lessonCount` is what the loader inserts).
 */
export function generateCourses(options: DatasetOptions, users: UserRows): CourseRows {
  const rng = Rng.stream(options.seed, 'courses');
  const instructors = users.role.flatMap((role, index) => (role === 'instructor' ? [index] : []));
  const categories = Object.keys(DEMO_TOPICS);
  const categoryWeights = categories.map((category) => CATEGORY_WEIGHTS[category] ?? 5);
  const categoryTotal = categoryWeights.reduce((sum, weight) => sum + weight, 0);
  const priceTotal = PRICE_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  const count = options.courses;
  const rows: CourseRows = {
    id: [],
    title: [],
    slug: [],
    description: [],
    category: [],
    priceCents: new Int32Array(count),
    instructorId: [],
    published: [],
    lessonCount: new Int32Array(count),
    createdAt: new Float64Array(count),
    updatedAt: new Float64Array(count),
  };
  const start = startOf(options);
  const end = endOf(options);
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    const instructor = instructors[Math.floor(instructors.length * r * r)]!;
    const category = categories[rng.weighted(categoryWeights, categoryTotal)]!;
    const topic = rng.pick(DEMO_TOPICS[category]!);
    const title = `${rng.pick(TITLE_TEMPLATES)(topic)}${rng.pick(TITLE_SUFFIXES)}`;
    const lessons = rng.between(LESSONS_PER_COURSE.min, LESSONS_PER_COURSE.max);
    rows.id.push(rng.uuid());
    rows.title.push(title);
    rows.slug.push(`${slugify(title)}-${i.toString(36)}`);
    rows.description.push(`Learn ${topic} step by step, with ${lessons} lessons and hands-on exercises. ${rng.pick(LEVELS)}`);
    rows.category.push(category);
    rows.priceCents[i] = rng.chance(FREE_SHARE) ? 0 : PAID_PRICES_CENTS[rng.weighted(PRICE_WEIGHTS, priceTotal)]!;
    rows.instructorId.push(users.id[instructor]!);
    rows.published.push(rng.chance(PUBLISHED_SHARE));
    rows.lessonCount[i] = lessons;
    const from = Math.max(start, users.createdAt[instructor]!);
    const created = roundMs(from + (end - from) * Math.sqrt(rng.next()));
    rows.createdAt[i] = created;
    rows.updatedAt[i] = roundMs(created + (end - created) * rng.next() * rng.next() * 0.25);
  }
  return rows;
}

/**
 * Splits `total` over the entries in proportion to `weights` with cumulative rounding (so the parts
 * add up exactly), never giving entry `i` more than `cap(i)`: what one would get goes to the next.
 */
export function allocate(total: number, weights: ArrayLike<number>, cap: (index: number) => number): Int32Array {
  const parts = new Int32Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]!;
  if (total === 0 || sum === 0) return parts;
  let cumulative = 0;
  let given = 0;
  let carry = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]!;
    const upTo = Math.round((cumulative / sum) * total);
    const want = upTo - given + carry;
    given = upTo;
    parts[i] = Math.min(want, cap(i));
    carry = want - parts[i]!;
  }
  for (let i = 0; carry > 0 && i < weights.length; i++) {
    const more = Math.min(cap(i) - parts[i]!, carry);
    parts[i] += more;
    carry -= more;
  }
  if (carry > 0) throw new Error(`cannot place ${total} rows: only ${total - carry} fit under the per-row limits`);
  return parts;
}

/**
 * `count` distinct entries of `pool` not yet in `taken` (added to it), skewed to the front of the
 * pool: with a shuffled pool, a few random courses become the popular ones. Falls back to a linear
 * sweep when the skewed draw keeps hitting taken entries.
 */
function sampleDistinct(rng: Rng, pool: Uint32Array, count: number, taken: Set<number>, out: number[]): number {
  let missing = Math.min(count, pool.length);
  for (let attempts = missing * 8 + 32; missing > 0 && attempts > 0; attempts--) {
    const r = rng.next();
    const candidate = pool[Math.floor(pool.length * r * r)]!;
    if (taken.has(candidate)) continue;
    taken.add(candidate);
    out.push(candidate);
    missing--;
  }
  for (let i = rng.int(pool.length), seen = 0; missing > 0 && seen < pool.length; i = (i + 1) % pool.length, seen++) {
    const candidate = pool[i]!;
    if (taken.has(candidate)) continue;
    taken.add(candidate);
    out.push(candidate);
    missing--;
  }
  return count - missing;
}

const emptyChunk = (): EnrollmentChunk => ({
  enrollments: { id: [], userId: [], courseId: [], sourceOrderId: [], enrolledAt: [] },
  orders: { id: [], userId: [], totalCents: [], createdAt: [], updatedAt: [] },
  orderItems: { orderId: [], courseId: [], title: [], priceCents: [] },
  payments: {
    id: [],
    orderId: [],
    userId: [],
    idempotencyKey: [],
    requestHash: [],
    providerRef: [],
    amountCents: [],
    response: [],
    createdAt: [],
  },
  outbox: { id: [], payload: [], state: [], attempts: [], nextAttemptAt: [], lastError: [], createdAt: [], deliveredAt: [] },
});

export interface EnrollmentPlan {
  /** Enrollments per user (index-aligned with the users); they add up to `options.enrollments`. */
  perUser: Int32Array;
  /** Paid orders per user; they add up to `options.orders`. */
  ordersPerUser: Int32Array;
  publishedFree: Uint32Array;
  publishedPaid: Uint32Array;
}

/**
 * How many enrollments and orders each user gets: exponentially distributed (most users a few, some
 * many), exact totals, every enrollment in a distinct published course.
 */
export function planEnrollments(options: DatasetOptions, users: UserRows, courses: CourseRows): EnrollmentPlan {
  const rng = Rng.stream(options.seed, 'enrollment-plan');
  const published = courses.published.flatMap((isPublished, index) => (isPublished ? [index] : []));
  const publishedFree = rng.shuffle(Uint32Array.from(published.filter((index) => courses.priceCents[index] === 0)));
  const publishedPaid = rng.shuffle(Uint32Array.from(published.filter((index) => courses.priceCents[index]! > 0)));
  if (options.enrollments > 0 && published.length === 0) throw new Error('enrollments need published courses: raise --courses');
  if (options.orders > 0 && publishedPaid.length === 0) throw new Error('orders need published paid courses: raise --courses');

  const weights = new Float64Array(users.id.length);
  for (let i = 0; i < weights.length; i++) weights[i] = -Math.log(1 - rng.next());
  const perUserCap = Math.min(published.length, MAX_ENROLLMENTS_PER_USER);
  const perUser = allocate(options.enrollments, weights, () => perUserCap);
  // Orders follow enrollments: a user with many enrollments bought more. Each order needs a paid course of its own.
  const ordersPerUser = allocate(options.orders, perUser, (index) => Math.min(perUser[index]!, publishedPaid.length));
  return { perUser, ordersPerUser, publishedFree, publishedPaid };
}

/**
 * Streams enrollments, user by user, in chunks of at least `chunkSize` enrollments. A paid enrollment
 * comes from an order (1–3 items), paid by one succeeded payment whose `order.paid` outbox event was
 * delivered; enrolled_at follows the payment by a few seconds. Free enrollments have no order.
 */
export function* generateEnrollments(
  options: DatasetOptions,
  users: UserRows,
  courses: CourseRows,
  chunkSize: number,
): Generator<EnrollmentChunk> {
  const plan = planEnrollments(options, users, courses);
  const rng = Rng.stream(options.seed, 'enrollments');
  const end = endOf(options);
  let chunk = emptyChunk();

  const enroll = (userIndex: number, course: number, orderId: string | null, at: number): void => {
    chunk.enrollments.id.push(rng.uuid());
    chunk.enrollments.userId.push(users.id[userIndex]!);
    chunk.enrollments.courseId.push(courses.id[course]!);
    chunk.enrollments.sourceOrderId.push(orderId);
    chunk.enrollments.enrolledAt.push(roundMs(at));
  };

  const order = (userIndex: number, items: number[]): void => {
    const userId = users.id[userIndex]!;
    let from = users.createdAt[userIndex]!;
    let total = 0;
    for (const course of items) {
      from = Math.max(from, courses.createdAt[course]!);
      total += courses.priceCents[course]!;
    }
    const orderId = rng.uuid();
    const orderedAt = roundMs(from + (end - from) * rng.next());
    const paidAt = roundMs(orderedAt + rng.between(2, 20) + rng.next());
    const deliveredAt = roundMs(paidAt + rng.between(1, 3) + rng.next());
    chunk.orders.id.push(orderId);
    chunk.orders.userId.push(userId);
    chunk.orders.totalCents.push(total);
    chunk.orders.createdAt.push(orderedAt);
    chunk.orders.updatedAt.push(paidAt);
    for (const course of items) {
      chunk.orderItems.orderId.push(orderId);
      chunk.orderItems.courseId.push(courses.id[course]!);
      chunk.orderItems.title.push(courses.title[course]!);
      chunk.orderItems.priceCents.push(courses.priceCents[course]!);
      enroll(userIndex, course, orderId, deliveredAt);
    }

    const paymentId = rng.uuid();
    const idempotencyKey = rng.uuid();
    const token = SIMULATOR_TOKENS.success;
    chunk.payments.id.push(paymentId);
    chunk.payments.orderId.push(orderId);
    chunk.payments.userId.push(userId);
    chunk.payments.idempotencyKey.push(idempotencyKey);
    chunk.payments.requestHash.push(hashPaymentRequest({ orderId, paymentMethod: { type: 'card', token } }));
    chunk.payments.providerRef.push(`sim_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`);
    chunk.payments.amountCents.push(total);
    chunk.payments.response.push(JSON.stringify({ paymentId, orderId, status: 'succeeded' }));
    chunk.payments.createdAt.push(paidAt);

    const pending = rng.chance(PENDING_OUTBOX_SHARE);
    chunk.outbox.id.push(rng.uuid());
    chunk.outbox.payload.push(JSON.stringify({ orderId, userId, courseIds: items.map((course) => courses.id[course]!) }));
    chunk.outbox.state.push(pending ? 'pending' : 'delivered');
    chunk.outbox.attempts.push(pending ? rng.between(1, 5) : 0);
    chunk.outbox.nextAttemptAt.push(pending ? roundMs(end - rng.int(3_600)) : paidAt);
    chunk.outbox.lastError.push(pending ? 'no reply to course.enrollments.grant within 5000 ms' : null);
    chunk.outbox.createdAt.push(paidAt);
    chunk.outbox.deliveredAt.push(pending ? null : deliveredAt);
  };

  for (let userIndex = 0; userIndex < users.id.length; userIndex++) {
    const count = plan.perUser[userIndex]!;
    if (count === 0) continue;
    const orders = plan.ordersPerUser[userIndex]!;
    const budget = Math.min(count, plan.publishedPaid.length);
    const itemsPerOrder = new Array<number>(orders).fill(1);
    let paidItems = orders;
    for (let o = 0; o < orders; o++) {
      while (itemsPerOrder[o]! < 3 && paidItems < budget && rng.chance(0.25)) {
        itemsPerOrder[o] = itemsPerOrder[o]! + 1;
        paidItems++;
      }
    }
    const taken = new Set<number>();
    const paid: number[] = [];
    sampleDistinct(rng, plan.publishedPaid, paidItems, taken, paid);
    let cursor = 0;
    for (const items of itemsPerOrder) {
      order(userIndex, paid.slice(cursor, cursor + items));
      cursor += items;
    }
    // The rest are free courses; when there are too few of those, paid ones granted without an order.
    const rest: number[] = [];
    const free = sampleDistinct(rng, plan.publishedFree, count - paidItems, taken, rest);
    sampleDistinct(rng, plan.publishedPaid, count - paidItems - free, taken, rest);
    for (const course of rest) {
      const from = Math.max(users.createdAt[userIndex]!, courses.createdAt[course]!);
      enroll(userIndex, course, null, from + (end - from) * rng.next());
    }
    if (chunk.enrollments.id.length >= chunkSize) {
      yield chunk;
      chunk = emptyChunk();
    }
  }
  if (chunk.enrollments.id.length > 0) yield chunk;
}
