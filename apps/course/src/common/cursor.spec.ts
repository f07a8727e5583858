import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, filtersHash, isValidValue, MAX_CURSOR_LENGTH, type CursorScope } from './cursor.js';

const ID = '0190a2b4-7c1d-7e3f-8a9b-0c1d2e3f4a5b';
const scope: CursorScope = { sort: '-createdAt', filters: filtersHash('catalog', '-createdAt'), valueType: 'timestamptz' };
const position = { value: '2025-01-31T12:00:00.123456Z', id: ID };
const raw = (body: unknown): string => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)).toString('base64url');

const invalid = { code: 'REQUEST.CURSOR_INVALID', status: 400 };

describe('cursor', () => {
  it('round-trips a position, microseconds included, as opaque base64url', () => {
    const cursor = encodeCursor(scope, position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, scope)).toEqual(position);
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString())).toEqual({
      s: '-createdAt',
      f: scope.filters,
      v: position.value,
      id: ID,
    });
  });

  it('round-trips any title, whatever its characters', () => {
    const titles: CursorScope = { ...scope, sort: 'title', valueType: 'text' };
    const title = { value: 'Ça "marche" — 日本語 \\ 100%', id: ID };
    expect(decodeCursor(encodeCursor(titles, title), titles)).toEqual(title);
  });

  it('hashes sort and filters into a short value, absent and empty filters alike', () => {
    expect(filtersHash('catalog', 'title', 'design', 'ty')).toHaveLength(8);
    expect(filtersHash('catalog', 'title', 'design', 'ty')).toBe(filtersHash('catalog', 'title', 'design', 'ty'));
    expect(filtersHash('catalog', 'title', '', undefined)).toBe(filtersHash('catalog', 'title', undefined, ''));
    expect(filtersHash('catalog', 'title', 'design', 'ty')).not.toBe(filtersHash('catalog', 'title', 'design', 'TY'));
    expect(filtersHash('catalog', 'title', 'a', 'b')).not.toBe(filtersHash('catalog', 'title', 'b', 'a'));
  });

  it('refuses a cursor issued for another sort or other filters', () => {
    const cursor = encodeCursor(scope, position);
    expect(() => decodeCursor(cursor, { ...scope, sort: 'createdAt' })).toThrow(expect.objectContaining(invalid));
    expect(() => decodeCursor(cursor, { ...scope, filters: filtersHash('catalog', '-createdAt', 'design') })).toThrow(
      expect.objectContaining({ ...invalid, message: expect.stringContaining('another sort or other filters') }),
    );
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['too long', 'a'.repeat(MAX_CURSOR_LENGTH + 1)],
    ['not JSON', raw('{"s":')],
    ['JSON but not an object', raw('"x"')],
    ['null', raw('null')],
    ['a missing field', raw({ s: scope.sort, f: scope.filters, v: position.value })],
    ['a number as value', raw({ s: scope.sort, f: scope.filters, v: 1, id: ID })],
    ['a bad id', raw({ s: scope.sort, f: scope.filters, v: position.value, id: 'x' })],
    ['a millisecond timestamp', raw({ s: scope.sort, f: scope.filters, v: '2025-01-31T12:00:00.123Z', id: ID })],
    ['30 February', raw({ s: scope.sort, f: scope.filters, v: '2025-02-30T12:00:00.123456Z', id: ID })],
  ])('refuses a malformed cursor (%s)', (_, cursor) => {
    expect(() => decodeCursor(cursor, scope)).toThrow(
      expect.objectContaining({ ...invalid, message: expect.stringContaining('malformed') }),
    );
  });

  it.each([
    ['2025-01-31T23:59:59.999999Z', 'timestamptz', true],
    ['2024-02-29T00:00:00.000000Z', 'timestamptz', true],
    ['2025-01-31 23:59:59.999999+00', 'timestamptz', false],
    ['0000-01-01T00:00:00.000000Z', 'timestamptz', false],
    ['2025-13-01T00:00:00.000000Z', 'timestamptz', false],
    ['2147483647', 'integer', true],
    ['-2147483648', 'integer', true],
    ['2147483648', 'integer', false],
    ['1.5', 'integer', false],
    ['', 'integer', false],
    ['', 'text', true],
  ] as const)('checks %j as %s: %s', (value, type, valid) => {
    expect(isValidValue(value, type)).toBe(valid);
  });
});
