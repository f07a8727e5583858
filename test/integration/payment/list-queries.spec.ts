import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordQueries } from '../course/query-counter.js';
import { PaymentHarness, type TestUser } from './support/payment-harness.js';

const harness = new PaymentHarness();

/** `count` items in `user`'s cart, in one statement. */
async function fillCart(user: TestUser, count: number): Promise<void> {
  await harness.query(
    `INSERT INTO "payment"."cart_items" ("user_id", "course_id", "title", "price_cents", "currency")
     SELECT $1, gen_random_uuid(), 'Course ' || i, 100 + i, 'USD' FROM generate_series(1, $2) AS i`,
    [user.id, count],
  );
}

/** A pending order of `user` with `count` items, in one statement; returns its id. */
async function insertOrder(user: TestUser, count: number): Promise<string> {
  const rows = await harness.query<{ order_id: string }>(
    `WITH o AS (
       INSERT INTO "payment"."orders" ("user_id", "total_cents", "currency") VALUES ($1, $2 * 100, 'USD') RETURNING "id"
     )
     INSERT INTO "payment"."order_items" ("order_id", "course_id", "title", "price_cents")
     SELECT o."id", gen_random_uuid(), 'Course ' || i, 100 FROM o, generate_series(1, $2) AS i
     RETURNING "order_id"`,
    [user.id, count],
  );
  return rows[0]!.order_id;
}

/** The statements one GET sends, after checking that it answered with `size` items. */
async function statementsFor(user: TestUser, url: string, size: number): Promise<string[]> {
  let items = -1;
  const statements = await recordQueries(harness.app, async () => {
    const response = await harness.request(user, { method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    items = response.json<{ items: unknown[] }>().items.length;
  });
  expect(items, url).toBe(size);
  return statements;
}

async function expectFlat(small: string[], large: string[]): Promise<void> {
  expect(large.length, `1 item:\n${small.join('\n')}\n100 items:\n${large.join('\n')}`).toBe(small.length);
  expect(small.length).toBeGreaterThan(0);
}

beforeAll(async () => {
  await harness.start('payment_list_queries');
});

afterAll(async () => {
  await harness.stop();
});

describe('no N+1: statements per request do not grow with the items returned', () => {
  it('GET /api/cart', async () => {
    const [one, hundred] = [await harness.user(), await harness.user()];
    await fillCart(one, 1);
    await fillCart(hundred, 100);
    await expectFlat(await statementsFor(one, '/api/cart', 1), await statementsFor(hundred, '/api/cart', 100));
  });

  it('GET /api/orders/:id', async () => {
    const user = await harness.user();
    const [small, large] = [await insertOrder(user, 1), await insertOrder(user, 100)];
    await expectFlat(
      await statementsFor(user, `/api/orders/${small}`, 1),
      await statementsFor(user, `/api/orders/${large}`, 100),
    );
  });
});
