import type { CountedTotal } from '../common/pagination.js';

/**
 * A title search counts at most this many matches; beyond it the total is a lower bound
 * (`totalRelation: 'gte'`). The trigram index only narrows a search down to candidates: each
 * match is rechecked on its table row, about 2 µs apiece, so an exact count of a broad search
 * ("intro" matches ~10 % of the catalog) costs 10–20 ms and grows with the catalog. 200 is ten
 * pages at the default page size, what a results page's paginator shows, and keeps the count near
 * the cost of the search page itself (docs/pagination.md has the measurements).
 */
export const SEARCH_TOTAL_BOUND = 200;

/**
 * Totals without a title search come from `course.catalog_counts`, published courses per category,
 * which the database keeps exact (migration 1764600000000-catalog-counts): a lookup, not a scan.
 */
export const CATALOG_COUNT_SQL = {
  all: `SELECT COALESCE(SUM("published_courses"), 0)::int AS "total" FROM "course"."catalog_counts"`,
  category: `SELECT COALESCE(SUM("published_courses"), 0)::int AS "total" FROM "course"."catalog_counts" WHERE "category" = $1`,
} as const;

/**
 * Counts one match past the bound, so that "more than the bound" is known without counting them all.
 *
 * Without a category the count reads `price_cents`, a column outside the title index: otherwise the
 * planner walks (published, title, id) index-only in title order, where a title's opening word
 * ("intro") sits in one stretch tens of thousands of entries long, 13–20 ms before the first match.
 * Made to touch rows, it takes a sequential scan that stops at the bound for broad words and the
 * trigram bitmap for rare ones: under 3 ms either way. Within a category, (published, category, id)
 * INCLUDE (title) is in id order, where no word clusters, so its index-only scan is the right plan.
 */
export function searchCountSql(withCategory: boolean): string {
  const bound = `LIMIT ${SEARCH_TOTAL_BOUND + 1}) AS "matches"`;
  const match = `WHERE "published" AND "title" ILIKE $1 ESCAPE '\\'`;
  return withCategory
    ? `SELECT count(*)::int AS "total" FROM (SELECT 1 FROM "course"."courses" ${match} AND "category" = $2 ${bound}`
    : `SELECT count("matches"."price_cents")::int AS "total" FROM (SELECT "price_cents" FROM "course"."courses" ${match} ${bound}`;
}

/** The total a search reports from its capped count. */
export const boundedTotal = (counted: number): CountedTotal =>
  counted > SEARCH_TOTAL_BOUND ? { total: SEARCH_TOTAL_BOUND, relation: 'gte' } : { total: counted, relation: 'eq' };
