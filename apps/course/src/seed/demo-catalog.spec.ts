import { describe, expect, it, vi } from 'vitest';
import { demoCourses, insertDemoCatalog } from './demo-catalog.js';

const INSTRUCTOR = 'aaaaaaaa-0000-4000-8000-000000000001';

describe('demoCourses', () => {
  const courses = demoCourses(300, INSTRUCTOR, 42);

  it('is deterministic for a seed and differs across seeds', () => {
    expect(demoCourses(300, INSTRUCTOR, 42)).toEqual(courses);
    expect(demoCourses(300, INSTRUCTOR, 7).map((c) => c.title)).not.toEqual(courses.map((c) => c.title));
  });

  it('mixes free and paid courses across several categories, all published', () => {
    const free = courses.filter((c) => c.priceCents === 0).length;
    expect(free).toBeGreaterThan(60);
    expect(free).toBeLessThan(150);
    expect(new Set(courses.map((c) => c.category)).size).toBeGreaterThanOrEqual(6);
    expect(courses.every((c) => c.published && c.instructorId === INSTRUCTOR && c.currency === 'USD')).toBe(true);
    expect(courses.every((c) => Number.isInteger(c.priceCents) && c.priceCents >= 0)).toBe(true);
  });

  it('gives unique slugs, distinct ages and 3 to 9 lessons each', () => {
    expect(new Set(courses.map((c) => c.slug)).size).toBe(300);
    expect(courses.every((c) => /^[a-z0-9-]+$/.test(c.slug))).toBe(true);
    expect(new Set(courses.map((c) => c.createdMinutesAgo)).size).toBe(300);
    expect(courses.every((c) => c.lessons.length >= 3 && c.lessons.length <= 9)).toBe(true);
    expect(demoCourses(3, 'bbbbbbbb-0000-4000-8000-000000000002', 42)[0]!.slug).not.toBe(courses[0]!.slug);
  });

  it('inserts in batches of one statement each', async () => {
    const query = vi.fn().mockResolvedValue([]);
    await expect(insertDemoCatalog({ query }, courses, 128)).resolves.toBe(300);
    expect(query).toHaveBeenCalledTimes(3);
    expect(JSON.parse(query.mock.calls[2]![1][0] as string)).toHaveLength(44);
  });
});
