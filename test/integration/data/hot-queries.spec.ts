import { describe, expect, it } from 'vitest';
import { USER_PROFILE_SQL } from '../../../apps/auth/src/users/users.repository.js';
import { searchCountSql } from '../../../apps/course/src/courses/catalog-totals.js';
import { INSERT_OR_FIND_SQL } from '../../../apps/course/src/enrollments/enrollments.repository.js';
import { ADD_AND_LIST_SQL } from '../../../apps/payment/src/cart/cart.repository.js';
import {
  LOCKED_ORDER_WITH_ITEMS_SQL,
  ORDER_WITH_ITEMS_SQL,
  PAID_COURSES_SQL,
} from '../../../apps/payment/src/orders/orders.repository.js';
import { CLAIM_DUE_SQL } from '../../../apps/payment/src/outbox/outbox.repository.js';
import {
  PAYMENT_BY_KEY_SQL,
  PRIOR_OUTCOME_SQL,
  RECORD_CHARGE_SQL,
} from '../../../apps/payment/src/payments/payments.repository.js';
import { HOT_QUERIES } from './hot-queries.js';

/**
 * hot-queries.ts holds copies (bench:db loads it with plain Node, which cannot import the apps'
 * sources): this proves each copy of a hand-written statement is the statement the repository sends.
 */
const REPOSITORY_SQL: Record<string, string> = {
  'user by id': USER_PROFILE_SQL,
  'payment by idempotency key': PAYMENT_BY_KEY_SQL,
  'order of a user, with items': ORDER_WITH_ITEMS_SQL,
  'order of a user, with items, locked for payment': LOCKED_ORDER_WITH_ITEMS_SQL,
  'outbox: claim due events': CLAIM_DUE_SQL,
  'enroll in a free course (insert or find)': INSERT_OR_FIND_SQL,
  'add to cart and list it': ADD_AND_LIST_SQL,
  'prior outcome of a payment': PRIOR_OUTCOME_SQL,
  'record a charge': RECORD_CHARGE_SQL,
  'courses a user already paid for': PAID_COURSES_SQL,
  'catalog title search total': searchCountSql(false),
  'catalog title search total in a category': searchCountSql(true),
};

const oneLine = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

describe('the hot-query list', () => {
  it.each(Object.entries(REPOSITORY_SQL))('%s is the SQL its repository sends', (name, sql) => {
    const hot = HOT_QUERIES.find((query) => query.name === name);
    expect(hot, name).toBeDefined();
    expect(oneLine(hot!.sql)).toBe(oneLine(sql));
  });
});
