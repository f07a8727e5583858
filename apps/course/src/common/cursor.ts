import { createHash } from 'node:crypto';
import { cursorMalformed, cursorMismatch } from './pagination.errors.js';

/** How a sort value travels in a cursor: always as text, cast back by PostgreSQL. */
export type CursorValueType = 'timestamptz' | 'text' | 'integer';

/** The last row of a page: its sort value as PostgreSQL printed it, and its id (the tie-break). */
export interface CursorPosition {
  value: string;
  id: string;
}

/** What a cursor is valid for: its sort, a hash of the sort and filters, and the sort value's type. */
export interface CursorScope {
  sort: string;
  filters: string;
  valueType: CursorValueType;
}

interface CursorBody {
  s: string;
  f: string;
  v: string;
  id: string;
}

// A 200-character title of 4-byte characters stays well below this.
export const MAX_CURSOR_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const INTEGER = /^-?\d{1,10}$/;
const INT4 = 2 ** 31;

/** A short hash of the sort and filters, so a cursor cannot silently continue another listing. */
export const filtersHash = (...parts: (string | undefined)[]): string =>
  createHash('sha256')
    .update(JSON.stringify(parts.map((part) => part ?? '')))
    .digest('base64url')
    .slice(0, 8);

export function encodeCursor(scope: CursorScope, position: CursorPosition): string {
  const body: CursorBody = { s: scope.sort, f: scope.filters, v: position.value, id: position.id };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The position a cursor continues after; 400 REQUEST.CURSOR_INVALID unless it is intact and for `scope`. */
export function decodeCursor(cursor: string, scope: CursorScope): CursorPosition {
  const body = parseBody(cursor);
  if (body.s !== scope.sort || body.f !== scope.filters) throw cursorMismatch();
  // PostgreSQL would answer a bad uuid or timestamp with an error, that is a 500: reject it here.
  if (!UUID.test(body.id) || !isValidValue(body.v, scope.valueType)) throw cursorMalformed();
  return { value: body.v, id: body.id };
}

function parseBody(cursor: string): CursorBody {
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw cursorMalformed();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw cursorMalformed();
  }
  if (!isCursorBody(body)) throw cursorMalformed();
  return body;
}

function isCursorBody(body: unknown): body is CursorBody {
  if (typeof body !== 'object' || body === null) return false;
  const fields = body as Record<string, unknown>;
  return ['s', 'f', 'v', 'id'].every((key) => typeof fields[key] === 'string');
}

export function isValidValue(value: string, type: CursorValueType): boolean {
  switch (type) {
    case 'timestamptz':
      return isTimestamp(value);
    case 'integer':
      return INTEGER.test(value) && Number(value) >= -INT4 && Number(value) < INT4;
    case 'text':
      return true;
  }
}

/** `2025-01-31T12:00:00.123456Z` naming a real instant (no 30 February, no year 0). */
function isTimestamp(value: string): boolean {
  if (!TIMESTAMP.test(value)) return false;
  const milliseconds = `${value.slice(0, 23)}Z`;
  const parsed = new Date(milliseconds);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString() === milliseconds;
}
