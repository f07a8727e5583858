import { describe, expect, it } from 'vitest';
import { keysetPredicate, orderBySql, sortValueSql, type KeysetOrder } from './keyset.js';

const newest: KeysetOrder = { column: 'c."created_at"', type: 'timestamptz', idColumn: 'c."id"', direction: 'DESC' };
const cheapest: KeysetOrder = { column: 'c."price_cents"', type: 'integer', idColumn: 'c."id"', direction: 'ASC' };

describe('keyset SQL', () => {
  it('compares (column, id) as one row, in the direction of the order, casting the text parameters', () => {
    expect(keysetPredicate(newest, '$2', '$3')).toBe('(c."created_at", c."id") < (CAST($2 AS timestamptz), CAST($3 AS uuid))');
    expect(keysetPredicate(cheapest, ':v', ':id')).toBe('(c."price_cents", c."id") > (CAST(:v AS integer), CAST(:id AS uuid))');
  });

  it('orders by the column then the id, both in one direction', () => {
    expect(orderBySql(newest)).toBe('c."created_at" DESC, c."id" DESC');
    expect(orderBySql(cheapest)).toBe('c."price_cents" ASC, c."id" ASC');
  });

  it('prints timestamps in UTC with microseconds, other values as text', () => {
    expect(sortValueSql(newest)).toBe(`to_char(c."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
    expect(sortValueSql(cheapest)).toBe('c."price_cents"::text');
  });
});
