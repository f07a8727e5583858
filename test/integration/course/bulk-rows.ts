import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';

/** Instants that share their millisecond and differ in microseconds: a JavaScript Date cannot tell them apart. */
export const MICROSECOND_BASE = '2021-03-04T05:06:07.123400Z';

// Seven titles (two equal, one with quotes and non-ASCII), five prices and twelve instants, three
// of them a second apart and four a microsecond apart: every sort has long runs of equal values.
const COURSE_ROWS = `
  SELECT (ARRAY['Zeta', 'alpha', 'Ünïcode “quoted” \\ 100%', 'Beta', 'alpha', 'O''Brien', 'Gamma'])[1 + i % 7] AS title,
         $1 || '-' || md5(random()::text) || '-' || i AS slug,
         $1 AS category,
         (i % 5) * 100 AS price_cents,
         $2::timestamptz + (i % 3) * interval '1 second' + (i % 4) * interval '1 microsecond' AS created_at
  FROM generate_series(1, $3) AS i`;

const INSERT_COURSES = `
  INSERT INTO "course"."courses"
    ("title", "slug", "description", "category", "price_cents", "instructor_id", "published", "created_at", "updated_at")
  SELECT title, slug, 'Inserted in bulk by the suite', category, price_cents, $4, true, created_at, created_at
  FROM (${COURSE_ROWS}) AS rows`;

export interface BulkCourses {
  category: string;
  count: number;
  instructorId: string;
}

/** Published courses in one statement, with many equal sort values; returns their ids. */
export async function insertCourses(app: NestFastifyApplication, courses: BulkCourses): Promise<string[]> {
  const rows: { id: string }[] = await app
    .get(DataSource)
    .query(`${INSERT_COURSES} RETURNING "id"`, [courses.category, MICROSECOND_BASE, courses.count, courses.instructorId]);
  return rows.map((row) => row.id);
}

/** Enrolls `userId` in each course, in one statement, at instants a microsecond apart in one millisecond. */
export async function insertEnrollments(app: NestFastifyApplication, userId: string, courseIds: string[]): Promise<void> {
  await app.get(DataSource).query(
    `INSERT INTO "course"."enrollments" ("user_id", "course_id", "enrolled_at")
     SELECT $1, course_id, $3::timestamptz + (position % 3) * interval '1 microsecond'
     FROM unnest($2::uuid[]) WITH ORDINALITY AS c(course_id, position)`,
    [userId, courseIds, MICROSECOND_BASE],
  );
}
