import { decodeCursor, encodeCursor, type CursorPosition, type CursorScope } from './cursor.js';
import type { KeyedRow, RowWindow } from './keyset.js';
import { MAX_PAGE_OFFSET, type CountedTotal, type Page, type PaginationQueryDto } from './pagination.js';
import { pageTooDeep } from './pagination.errors.js';

/** A validated page request: an offset page, or the page after a cursor's position. */
export type Paging = { mode: 'page'; page: number; limit: number } | { mode: 'cursor'; after: CursorPosition; limit: number };

export interface PageSource<T> {
  /** Up to `window.take` rows, each with its cursor position. */
  rows(window: RowWindow): Promise<KeyedRow<T>[]>;
  /** Every matching row, or a count that stopped at a bound; asked for in page mode only. */
  count(): Promise<number | CountedTotal>;
}

/** 400 REQUEST.PAGE_TOO_DEEP once an offset page would skip MAX_PAGE_OFFSET rows or more. */
export function assertShallowPage(page: number, limit: number): void {
  if ((page - 1) * limit >= MAX_PAGE_OFFSET) throw pageTooDeep();
}

export function resolvePaging(query: PaginationQueryDto, scope: CursorScope): Paging {
  if (query.cursor !== undefined) return { mode: 'cursor', after: decodeCursor(query.cursor, scope), limit: query.limit };
  const page = query.page ?? 1;
  assertShallowPage(page, query.limit);
  return { mode: 'page', page, limit: query.limit };
}

/** One row more than the page holds: its presence is `hasNext`, without counting. */
export function rowWindow(paging: Paging): RowWindow {
  const take = paging.limit + 1;
  return paging.mode === 'page' ? { offset: (paging.page - 1) * paging.limit, take } : { offset: 0, after: paging.after, take };
}

/** Reads one page; the count runs in page mode only, alongside the rows. */
export async function paginate<T>(paging: Paging, scope: CursorScope, source: PageSource<T>): Promise<Page<T>> {
  const [rows, total] = await Promise.all([source.rows(rowWindow(paging)), paging.mode === 'page' ? source.count() : undefined]);
  const page = rows.slice(0, paging.limit);
  const hasNext = rows.length > paging.limit;
  const last = page.at(-1);
  const nextCursor = hasNext && last ? encodeCursor(scope, last.position) : null;
  return { data: page.map(({ row }) => row), meta: pageMeta(paging, hasNext, nextCursor, total) };
}

function pageMeta(
  paging: Paging,
  hasNext: boolean,
  nextCursor: string | null,
  counted: number | CountedTotal | undefined,
): Page<unknown>['meta'] {
  const { limit } = paging;
  if (paging.mode === 'cursor') return { limit, hasNext, nextCursor };
  if (typeof counted === 'object') {
    return { page: paging.page, limit, total: counted.total, totalRelation: counted.relation, hasNext, nextCursor };
  }
  return { page: paging.page, limit, total: counted, hasNext, nextCursor };
}
