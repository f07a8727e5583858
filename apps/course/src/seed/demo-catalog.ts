import { slugify } from '../courses/slug.js';
import { DEMO_TOPICS, LEVELS, MIDDLE_LESSONS, PAID_PRICES_CENTS, TITLE_TEMPLATES } from './demo-topics.js';

export interface DemoLesson {
  title: string;
  body: string;
}

/** One `course.courses` row with its lessons (positions follow the array order, from 1). */
export interface DemoCourse {
  title: string;
  slug: string;
  description: string;
  category: string;
  priceCents: number;
  currency: string;
  instructorId: string;
  published: boolean;
  /** Spreads `created_at` into the past so that "newest first" has a real order. */
  createdMinutesAgo: number;
  lessons: DemoLesson[];
}

/** Anything with a pg-style `query(text, values)`: a `pg.Client`, a `pg.PoolClient` or a TypeORM `DataSource`. */
export interface SqlExecutor {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

export const DEMO_FREE_SHARE = 0.35;
export const DEMO_BATCH_SIZE = 500;

/** mulberry32: tiny, fast and good enough for demo data; the same seed gives the same catalog. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

function demoLessons(next: () => number, topic: string): DemoLesson[] {
  const middle = MIDDLE_LESSONS.slice(0, 1 + Math.floor(next() * MIDDLE_LESSONS.length));
  return ['Getting started', ...middle, 'Wrap-up and next steps'].map((name) => ({
    title: name,
    body: `${name} in ${topic}: a short reading followed by an exercise you can finish in under an hour.`,
  }));
}

/**
 * A deterministic catalog of published courses for local demos and load tests: several categories,
 * about a third free, 3 to 9 lessons each. Slugs are unique per (instructor, seed).
 */
export function demoCourses(count: number, instructorId: string, seed: number): DemoCourse[] {
  const next = random(hash(`${seed}`));
  const tag = hash(`${instructorId}:${seed}`).toString(36).slice(0, 4);
  const categories = Object.keys(DEMO_TOPICS);
  return Array.from({ length: count }, (_, index) => {
    const category = categories[index % categories.length]!;
    const topic = pick(next, DEMO_TOPICS[category]!);
    const title = pick(next, TITLE_TEMPLATES)(topic);
    const lessons = demoLessons(next, topic);
    const free = next() < DEMO_FREE_SHARE;
    return {
      title,
      slug: `${slugify(title)}-${tag}${index.toString(36)}`,
      description: `Learn ${topic} step by step, with ${lessons.length} lessons and hands-on exercises. ${pick(next, LEVELS)}`,
      category,
      priceCents: free ? 0 : pick(next, PAID_PRICES_CENTS),
      currency: 'USD',
      instructorId,
      published: true,
      createdMinutesAgo: (count - index) * 60 + Math.floor(next() * 60),
      lessons,
    };
  });
}

// One statement per batch: the courses and their lessons commit together, whatever the executor.
const INSERT_BATCH = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
      title text, slug text, description text, category text, "priceCents" int, currency text,
      "instructorId" uuid, published boolean, "createdMinutesAgo" int, lessons jsonb)
  ), inserted AS (
    INSERT INTO "course"."courses"
      ("title", "slug", "description", "category", "price_cents", "currency", "instructor_id", "published", "lesson_count", "created_at", "updated_at")
    SELECT title, slug, description, category, "priceCents", currency, "instructorId", published, jsonb_array_length(lessons),
           now() - make_interval(mins => "createdMinutesAgo"), now() - make_interval(mins => "createdMinutesAgo")
    FROM input
    RETURNING "id", "slug"
  )
  INSERT INTO "course"."lessons" ("course_id", "position", "title", "body")
  SELECT inserted.id, lesson.position, lesson.value->>'title', lesson.value->>'body'
  FROM inserted
  JOIN input USING (slug)
  CROSS JOIN LATERAL jsonb_array_elements(input.lessons) WITH ORDINALITY AS lesson(value, position)`;

/** Bulk-inserts the catalog, `batchSize` courses (with their lessons) per statement. Returns the course count. */
export async function insertDemoCatalog(
  db: SqlExecutor,
  courses: readonly DemoCourse[],
  batchSize = DEMO_BATCH_SIZE,
): Promise<number> {
  for (let start = 0; start < courses.length; start += batchSize) {
    await db.query(INSERT_BATCH, [JSON.stringify(courses.slice(start, start + batchSize))]);
  }
  return courses.length;
}
