import { describe, expect, it } from 'vitest';
import { boundedTotal, CATALOG_COUNT_SQL, SEARCH_TOTAL_BOUND, searchCountSql } from './catalog-totals.js';

describe('catalog totals', () => {
  it('reports a search count up to the bound as exact, and past it as a lower bound at the bound', () => {
    expect(boundedTotal(0)).toEqual({ total: 0, relation: 'eq' });
    expect(boundedTotal(SEARCH_TOTAL_BOUND)).toEqual({ total: SEARCH_TOTAL_BOUND, relation: 'eq' });
    expect(boundedTotal(SEARCH_TOTAL_BOUND + 1)).toEqual({ total: SEARCH_TOTAL_BOUND, relation: 'gte' });
  });

  it('counts one match past the bound, with the category as its second parameter', () => {
    expect(searchCountSql(false)).toContain(`LIMIT ${SEARCH_TOTAL_BOUND + 1})`);
    expect(searchCountSql(false)).not.toContain('$2');
    expect(searchCountSql(true)).toContain(`"title" ILIKE $1 ESCAPE '\\' AND "category" = $2 LIMIT`);
  });

  it('reads unfiltered and category totals from the maintained counts, never from the courses', () => {
    for (const sql of Object.values(CATALOG_COUNT_SQL)) {
      expect(sql).toContain('"course"."catalog_counts"');
      expect(sql).not.toContain('"course"."courses"');
    }
  });
});
