import { describe, expect, it, vi } from 'vitest';
import { decodeCursor, encodeCursor, filtersHash, type CursorScope } from './cursor.js';
import type { KeyedRow } from './keyset.js';
import { assertShallowPage, paginate, resolvePaging, rowWindow, type PageSource } from './paging.js';

const scope: CursorScope = { sort: 'priceCents', filters: filtersHash('test'), valueType: 'integer' };
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const keyed = (n: number): KeyedRow<number> => ({ row: n, position: { value: String(n * 100), id: id(n) } });

function source(rows: KeyedRow<number>[], total = 99): PageSource<number> & { count: ReturnType<typeof vi.fn> } {
  return { rows: vi.fn().mockResolvedValue(rows), count: vi.fn().mockResolvedValue(total) };
}

describe('deep-page rule', () => {
  it('allows offset pages while (page - 1) × limit < 10000, and refuses deeper ones', () => {
    expect(() => assertShallowPage(1, 100)).not.toThrow();
    expect(() => assertShallowPage(100, 100)).not.toThrow();
    expect(() => assertShallowPage(10_000, 1)).not.toThrow();
    expect(() => assertShallowPage(101, 100)).toThrow(expect.objectContaining({ code: 'REQUEST.PAGE_TOO_DEEP', status: 400 }));
    expect(() => assertShallowPage(501, 20)).toThrow(expect.objectContaining({ message: expect.stringContaining('cursor') }));
  });
});

describe('resolvePaging', () => {
  it('is page 1 by default, an offset page when asked, the page after a cursor when given one', () => {
    expect(resolvePaging({ limit: 20 }, scope)).toEqual({ mode: 'page', page: 1, limit: 20 });
    expect(resolvePaging({ page: 3, limit: 5 }, scope)).toEqual({ mode: 'page', page: 3, limit: 5 });
    const cursor = encodeCursor(scope, keyed(7).position);
    expect(resolvePaging({ cursor, limit: 5 }, scope)).toEqual({ mode: 'cursor', after: keyed(7).position, limit: 5 });
  });

  it('refuses deep pages and foreign cursors', () => {
    expect(() => resolvePaging({ page: 600, limit: 20 }, scope)).toThrow(
      expect.objectContaining({ code: 'REQUEST.PAGE_TOO_DEEP' }),
    );
    const foreign = encodeCursor({ ...scope, filters: filtersHash('other') }, keyed(1).position);
    expect(() => resolvePaging({ cursor: foreign, limit: 5 }, scope)).toThrow(
      expect.objectContaining({ code: 'REQUEST.CURSOR_INVALID' }),
    );
  });

  it('asks for one row more than the page, from the offset or after the cursor', () => {
    expect(rowWindow({ mode: 'page', page: 3, limit: 10 })).toEqual({ offset: 20, take: 11 });
    const after = keyed(4).position;
    expect(rowWindow({ mode: 'cursor', after, limit: 10 })).toEqual({ offset: 0, after, take: 11 });
  });
});

describe('paginate', () => {
  it('in page mode: counts, and gives the cursor of the last row when there is more', async () => {
    const rows = source([keyed(1), keyed(2), keyed(3)], 41);
    const page = await paginate({ mode: 'page', page: 2, limit: 2 }, scope, rows);
    expect(page.data).toEqual([1, 2]);
    expect(page.meta).toEqual({ page: 2, limit: 2, total: 41, hasNext: true, nextCursor: expect.any(String) });
    expect(decodeCursor(page.meta.nextCursor!, scope)).toEqual(keyed(2).position);
    expect(rows.rows).toHaveBeenCalledWith({ offset: 2, take: 3 });
  });

  it('in cursor mode: never counts, and ends with hasNext false and no cursor', async () => {
    const rows = source([keyed(5), keyed(6)]);
    const after = keyed(4).position;
    const page = await paginate({ mode: 'cursor', after, limit: 2 }, scope, rows);
    expect(page).toEqual({ data: [5, 6], meta: { limit: 2, hasNext: false, nextCursor: null } });
    expect(rows.count).not.toHaveBeenCalled();
    expect(rows.rows).toHaveBeenCalledWith({ offset: 0, after, take: 3 });
  });

  it('passes a bounded count on as total and totalRelation; a plain count has no totalRelation', async () => {
    const bounded = {
      rows: vi.fn().mockResolvedValue([keyed(1)]),
      count: vi.fn().mockResolvedValue({ total: 200, relation: 'gte' }),
    };
    const page = await paginate({ mode: 'page', page: 1, limit: 20 }, scope, bounded);
    expect(page.meta).toEqual({ page: 1, limit: 20, total: 200, totalRelation: 'gte', hasNext: false, nextCursor: null });
    expect((await paginate({ mode: 'page', page: 1, limit: 20 }, scope, source([keyed(1)], 7))).meta).not.toHaveProperty(
      'totalRelation',
    );
  });

  it('answers a page past the end with no rows and no cursor', async () => {
    const page = await paginate({ mode: 'page', page: 9, limit: 20 }, scope, source([], 3));
    expect(page).toEqual({ data: [], meta: { page: 9, limit: 20, total: 3, hasNext: false, nextCursor: null } });
  });
});
