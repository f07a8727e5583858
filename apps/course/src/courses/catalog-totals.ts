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

/** Counts one match past the bound, so that "more than the bound" is known without counting them all. */
export function searchCountSql(withCategory: boolean): string {
  const category = withCategory ? ` AND "category" = $2` : '';
  return (
    `SELECT count(*)::int AS "total" FROM (SELECT 1 FROM "course"."courses" WHERE "published" ` +
    `AND "title" ILIKE $1 ESCAPE '\\'${category} LIMIT ${SEARCH_TOTAL_BOUND + 1}) AS "matches"`
  );
}

/** The total a search reports from its capped count. */
export const boundedTotal = (counted: number): CountedTotal =>
  counted > SEARCH_TOTAL_BOUND ? { total: SEARCH_TOTAL_BOUND, relation: 'gte' } : { total: counted, relation: 'eq' };
