import type { CursorPosition, CursorValueType } from './cursor.js';

/** One sort of a listing as SQL: the sort column, its type, the id column that breaks ties, the direction. */
export interface KeysetOrder {
  column: string;
  type: CursorValueType;
  idColumn: string;
  direction: 'ASC' | 'DESC';
}

/** Which rows of a listing to read: `take` of them, from `offset` (page mode) or after `after` (cursor mode). */
export interface RowWindow {
  offset: number;
  after?: CursorPosition;
  take: number;
}

/** A row with the position a cursor continuing after it would name. */
export interface KeyedRow<T> {
  row: T;
  position: CursorPosition;
}

/**
 * Rows after the cursor's, in the order's direction. Both columns share the direction, so one row
 * comparison says it and a B-tree index on (column, id) can start its scan right there.
 */
export function keysetPredicate(order: KeysetOrder, valueParam: string, idParam: string): string {
  const operator = order.direction === 'ASC' ? '>' : '<';
  return `(${order.column}, ${order.idColumn}) ${operator} (CAST(${valueParam} AS ${order.type}), CAST(${idParam} AS uuid))`;
}

/**
 * The sort value as text, exactly as PostgreSQL compares it: timestamps keep their microseconds,
 * which a JavaScript Date would cut to milliseconds (and the next page would skip or repeat rows).
 */
export function sortValueSql(order: KeysetOrder): string {
  if (order.type === 'timestamptz') {
    return `to_char(${order.column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  }
  return `${order.column}::text`;
}

export const orderBySql = (order: KeysetOrder): string =>
  `${order.column} ${order.direction}, ${order.idColumn} ${order.direction}`;
