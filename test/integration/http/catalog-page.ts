import { DEFAULT_END_DATE, generateCourses, generateUsers } from '../../../tools/seed/dataset.js';

export const CATALOG_PAGE_SIZE = 20;

/**
 * Catalog pages as `GET /api/courses` serves them (default fields, page mode), built from the
 * same deterministic generator as `npm run seed`: random v4 ids, many instructors, millisecond
 * timestamps. That randomness is what bounds the compression ratio, so a kinder fixture would lie.
 */
export function seededCatalogPages(count: number): object[] {
  const options = { users: 5_000, courses: 2_000, enrollments: 0, orders: 0, seed: 7, endDate: DEFAULT_END_DATE };
  const users = generateUsers(options);
  const courses = generateCourses(options, users);
  const newestFirst = [...courses.id.keys()]
    .filter((i) => courses.published[i])
    .sort((a, b) => courses.createdAt[b]! - courses.createdAt[a]!);
  const iso = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();
  return Array.from({ length: count }, (_, page) => {
    const rows = newestFirst.slice(page * CATALOG_PAGE_SIZE, (page + 1) * CATALOG_PAGE_SIZE);
    const data = rows.map((i) => ({
      id: courses.id[i],
      title: courses.title[i],
      slug: courses.slug[i],
      description: courses.description[i],
      category: courses.category[i],
      priceCents: courses.priceCents[i],
      currency: 'USD',
      instructorId: courses.instructorId[i],
      lessonCount: courses.lessonCount[i],
      createdAt: iso(courses.createdAt[i]!),
      updatedAt: iso(courses.updatedAt[i]!),
    }));
    const last = rows.at(-1)!;
    const nextCursor = Buffer.from(JSON.stringify([iso(courses.createdAt[last]!), courses.id[last]])).toString('base64url');
    const meta = { page: page + 1, limit: CATALOG_PAGE_SIZE, total: newestFirst.length, hasNext: true, nextCursor };
    return { data, meta };
  });
}
