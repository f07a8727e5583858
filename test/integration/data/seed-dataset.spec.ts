import { createHash } from 'node:crypto';
import argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import { parseCli, parseCount } from '../../../tools/seed/cli.js';
import {
  allocate,
  DEFAULT_END_DATE,
  generateCourses,
  generateEnrollments,
  generateUsers,
  validateSize,
  type DatasetOptions,
  type EnrollmentChunk,
} from '../../../tools/seed/dataset.js';
import { Rng } from '../../../tools/seed/prng.js';
import { progressLine } from '../../../tools/seed/progress.js';
import { SEED_PASSWORD, sharedPasswordHash } from '../../../tools/seed/seed.js';

const SMALL: DatasetOptions = {
  users: 2_000,
  courses: 1_500,
  enrollments: 20_000,
  orders: 2_000,
  seed: 42,
  endDate: DEFAULT_END_DATE,
};

function generate(options: DatasetOptions) {
  const users = generateUsers(options);
  const courses = generateCourses(options, users);
  const chunks = [...generateEnrollments(options, users, courses, 5_000)];
  return { users, courses, chunks };
}

const digest = (value: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(value, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)))
    .digest('hex');

const merged = (chunks: EnrollmentChunk[]) => ({
  enrollments: chunks.flatMap((chunk) =>
    chunk.enrollments.id.map((id, i) => ({
      id,
      userId: chunk.enrollments.userId[i]!,
      courseId: chunk.enrollments.courseId[i]!,
      orderId: chunk.enrollments.sourceOrderId[i]!,
      at: chunk.enrollments.enrolledAt[i]!,
    })),
  ),
  orders: chunks.flatMap((chunk) => chunk.orders.id.map((id, i) => ({ id, userId: chunk.orders.userId[i]! }))),
  items: chunks.flatMap((chunk) =>
    chunk.orderItems.orderId.map((orderId, i) => ({ orderId, courseId: chunk.orderItems.courseId[i]! })),
  ),
});

describe('the seed data set', () => {
  const first = generate(SMALL);
  const { enrollments, orders, items } = merged(first.chunks);

  it('is the same for the same seed, ids included, and different for another', () => {
    expect(digest(generate(SMALL))).toBe(digest(first));
    const other = generate({ ...SMALL, seed: 43 });
    expect(other.users.id[0]).not.toBe(first.users.id[0]);
  });

  it('keeps users and courses when only the enrollment counts change', () => {
    const more = generate({ ...SMALL, enrollments: 25_000, orders: 500 });
    expect(digest([more.users, more.courses])).toBe(digest([first.users, first.courses]));
  });

  it('has exactly the asked-for counts, well-formed v4 UUIDs and unique emails', () => {
    expect(first.users.id).toHaveLength(SMALL.users);
    expect(first.courses.id).toHaveLength(SMALL.courses);
    expect(enrollments).toHaveLength(SMALL.enrollments);
    expect(orders).toHaveLength(SMALL.orders);
    expect(new Set(first.users.email).size).toBe(SMALL.users);
    expect(new Set(first.courses.slug).size).toBe(SMALL.courses);
    for (const id of [...first.users.id.slice(0, 50), ...enrollments.slice(0, 50).map((row) => row.id)]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('has mostly students, ~1 % instructors, a few admins, and ~70 % published courses', () => {
    const count = (role: string) => first.users.role.filter((r) => r === role).length;
    expect(count('instructor')).toBe(20);
    expect(count('admin')).toBe(1);
    const published = first.courses.published.filter(Boolean).length / SMALL.courses;
    expect(published).toBeGreaterThan(0.65);
    expect(published).toBeLessThan(0.75);
  });

  it('enrolls each user at most once per course, only in published courses, after both existed', () => {
    const courseIndex = new Map(first.courses.id.map((id, index) => [id, index]));
    const userIndex = new Map(first.users.id.map((id, index) => [id, index]));
    expect(new Set(enrollments.map((row) => `${row.userId}/${row.courseId}`)).size).toBe(enrollments.length);
    for (const row of enrollments) {
      const course = courseIndex.get(row.courseId)!;
      expect(first.courses.published[course]).toBe(true);
      expect(row.at).toBeGreaterThanOrEqual(first.courses.createdAt[course]!);
      expect(row.at).toBeGreaterThanOrEqual(first.users.createdAt[userIndex.get(row.userId)!]!);
    }
  });

  it('backs every paid enrollment with an order item of the same user, course and order', () => {
    const orderUser = new Map(orders.map((order) => [order.id, order.userId]));
    const itemKeys = new Set(items.map((item) => `${item.orderId}/${item.courseId}`));
    const paid = enrollments.filter((row) => row.orderId);
    expect(paid).toHaveLength(items.length);
    for (const row of paid) {
      expect(orderUser.get(row.orderId)).toBe(row.userId);
      expect(itemKeys.has(`${row.orderId}/${row.courseId}`)).toBe(true);
    }
  });

  it('works at the smallest sizes and refuses impossible ones', () => {
    const tiny = generate({ ...SMALL, users: 1, courses: 20, enrollments: 1, orders: 1 });
    expect(merged(tiny.chunks).enrollments).toHaveLength(1);
    expect(merged(tiny.chunks).orders).toHaveLength(1);
    expect(() => validateSize({ users: 0, courses: 1, enrollments: 0, orders: 0 })).toThrow(/instructors/);
    expect(() => validateSize({ users: 1, courses: 1, enrollments: 1, orders: 2 })).toThrow(/cannot exceed/);
    expect(() => generate({ ...SMALL, users: 2, courses: 4, enrollments: 100, orders: 0 })).toThrow(/cannot place/);
  });
});

describe('seed helpers', () => {
  it('splits totals exactly, within the caps', () => {
    const parts = allocate(1_000, [5, 1, 1, 1, 1, 1], () => 300);
    expect(Array.from(parts).reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(Math.max(...parts)).toBeLessThanOrEqual(300);
  });

  it('draws the same numbers from the same stream', () => {
    const draw = () =>
      Array.from(
        { length: 5 },
        (
          (rng) => () =>
            rng.uint32()
        )(Rng.stream(1, 'x')),
      );
    expect(draw()).toEqual(draw());
  });

  it('hashes the shared password once, deterministically, and it verifies', async () => {
    const hash = await sharedPasswordHash(42);
    expect(hash).toBe(await sharedPasswordHash(42));
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await argon2.verify(hash, SEED_PASSWORD)).toBe(true);
  });

  it('parses the CLI: sizes with suffixes, orders defaulting to a tenth, negatable migrate', () => {
    const options = parseCli(['--users', '100k', '--courses', '100_000', '--enrollments', '1m', '--no-migrate'], {});
    expect(options).toMatchObject({ users: 100_000, courses: 100_000, enrollments: 1_000_000, orders: 100_000 });
    expect(options).toMatchObject({ migrate: false, reset: false, seed: 42 });
    expect(parseCli([], { DATABASE_URL: 'postgres://x@h/db' })).toMatchObject({
      databaseUrl: 'postgres://x@h/db',
      migrate: true,
    });
    expect(() => parseCount('users', 'lots')).toThrow(/--users expects a whole number/);
    expect(() => parseCli(['--bogus'], {})).toThrow();
  });

  it('draws a progress line', () => {
    expect(progressLine('users', 52_000, 100_000, 52_000 / 41_200)).toBe(
      'users        [##########----------]  52% 52000/100000 41.2k rows/s',
    );
  });
});
