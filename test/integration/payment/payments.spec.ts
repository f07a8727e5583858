import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { PAYMENT_PROVIDER, type PaymentProvider } from '../../../apps/payment/src/payments/provider/payment-provider.js';
import { eventually, expectStatus, PaymentHarness, type TestUser } from './support/payment-harness.js';

const harness = new PaymentHarness();
let charge: MockInstance<PaymentProvider['charge']>;
const chargesWith = (userId: string, key: string) =>
  charge.mock.calls.filter(([request]) => request.idempotencyKey === `${userId}:${key}`).length;

const paymentsFor = (orderId: string) =>
  harness.query<{ id: string; status: string }>('SELECT id, status FROM payment.payments WHERE order_id = $1', [orderId]);
const outboxFor = (orderId: string) =>
  harness.query<{ id: string; state: string }>(`SELECT id, state FROM payment.outbox WHERE payload->>'orderId' = $1`, [orderId]);
const orderStatus = async (user: TestUser, orderId: string) =>
  (await harness.request(user, { method: 'GET', url: `/api/orders/${orderId}` })).json<{ status: string }>().status;

beforeAll(async () => {
  await harness.start('payment_payments');
  charge = vi.spyOn(harness.app.get<PaymentProvider>(PAYMENT_PROVIDER), 'charge');
});

afterAll(async () => {
  await harness.stop();
});

describe('payments', () => {
  it('charges tok_visa, marks the order paid and delivers one grant with the order', async () => {
    const buyer = await harness.user();
    const { orderId, courseIds } = await harness.order(buyer, 2);
    const response = await harness.pay(buyer, orderId, `key-${randomUUID()}`);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ paymentId: expect.any(String), orderId, status: 'succeeded' });
    expect(await orderStatus(buyer, orderId)).toBe('paid');

    const [grant] = await eventually(() =>
      harness.courses.grantsFor(orderId).length ? harness.courses.grantsFor(orderId) : undefined,
    );
    const [event] = await outboxFor(orderId);
    expect(grant).toEqual({ eventId: event!.id, orderId, userId: buyer.id, courseIds: expect.arrayContaining(courseIds) });
    expect(grant!.courseIds).toHaveLength(2);
    await eventually(async () => (await outboxFor(orderId))[0]?.state === 'delivered');
    expect(harness.courses.grantsFor(orderId)).toHaveLength(1);
  });

  it('replays the same key and body with an identical response and no second charge', async () => {
    const buyer = await harness.user();
    const { orderId } = await harness.order(buyer);
    const key = `replay:${randomUUID()}`;
    const first = await harness.pay(buyer, orderId, key);
    const second = await harness.pay(buyer, orderId, key);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(chargesWith(buyer.id, key)).toBe(1);
    expect(await paymentsFor(orderId)).toHaveLength(1);
    expect(await outboxFor(orderId)).toHaveLength(1);
  });

  it('refuses the same key with a different body with 422 PAYMENT.IDEMPOTENCY_KEY_REUSED', async () => {
    const buyer = await harness.user();
    const { orderId } = await harness.order(buyer);
    const { orderId: otherOrder } = await harness.order(buyer);
    const key = randomUUID();
    expectStatus(await harness.pay(buyer, orderId, key, 'tok_chargeDeclined'), 201);
    for (const reused of [
      harness.pay(buyer, orderId, key, 'tok_visa'),
      harness.pay(buyer, otherOrder, key, 'tok_chargeDeclined'),
    ]) {
      const response = await reused;
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('PAYMENT.IDEMPOTENCY_KEY_REUSED');
    }
    expect(await paymentsFor(orderId)).toHaveLength(1);
    expect(await paymentsFor(otherOrder)).toHaveLength(0);
  });

  it('scopes keys per user: another user may use the same key', async () => {
    const [alice, bob] = [await harness.user(), await harness.user()];
    const key = 'shared-key.1';
    expectStatus(await harness.pay(alice, (await harness.order(alice)).orderId, key), 201);
    expectStatus(await harness.pay(bob, (await harness.order(bob)).orderId, key), 201);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['with forbidden characters', 'key with spaces'],
  ])('refuses a %s Idempotency-Key with 400 PAYMENT.IDEMPOTENCY_KEY_REQUIRED', async (_, key) => {
    const buyer = await harness.user();
    const response = await harness.pay(buyer, randomUUID(), key);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('PAYMENT.IDEMPOTENCY_KEY_REQUIRED');
  });

  it('refuses to pay a paid order again with a new key, with 409 PAYMENT.ORDER_ALREADY_PAID', async () => {
    const buyer = await harness.user();
    const { orderId } = await harness.order(buyer);
    expectStatus(await harness.pay(buyer, orderId, randomUUID()), 201);
    const again = await harness.pay(buyer, orderId, randomUUID());
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PAYMENT.ORDER_ALREADY_PAID');
    expect(await paymentsFor(orderId)).toHaveLength(1);
  });

  it('records a declined card as failed, leaves the order unpaid, emits nothing, and allows a new attempt', async () => {
    const buyer = await harness.user();
    const { orderId } = await harness.order(buyer);
    const declined = await harness.pay(buyer, orderId, randomUUID(), 'tok_chargeDeclined');
    expect(declined.statusCode).toBe(201);
    expect(declined.json()).toEqual({ paymentId: expect.any(String), orderId, status: 'failed', failureCode: 'CARD_DECLINED' });
    expect(await orderStatus(buyer, orderId)).toBe('failed');
    expect(await outboxFor(orderId)).toHaveLength(0);

    const invalid = await harness.pay(buyer, orderId, randomUUID(), 'tok_unknown');
    expect(invalid.json()).toMatchObject({ status: 'failed', failureCode: 'INVALID_TOKEN' });

    const retried = await harness.pay(buyer, orderId, randomUUID(), 'tok_visa');
    expect(retried.json()).toMatchObject({ status: 'succeeded' });
    expect(await orderStatus(buyer, orderId)).toBe('paid');
    expect(await paymentsFor(orderId)).toHaveLength(3);
  });

  it("hides another user's order: 404 PAYMENT.ORDER_NOT_FOUND, as for an unknown one", async () => {
    const [alice, bob] = [await harness.user(), await harness.user()];
    const { orderId } = await harness.order(alice);
    for (const id of [orderId, randomUUID()]) {
      const response = await harness.pay(bob, id, randomUUID());
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('PAYMENT.ORDER_NOT_FOUND');
    }
    expect(await paymentsFor(orderId)).toHaveLength(0);
    expect(await orderStatus(alice, orderId)).toBe('pending');
  });

  it('charges exactly once for 20 concurrent requests with one key', async () => {
    const buyer = await harness.user();
    const { orderId } = await harness.order(buyer);
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => harness.pay(buyer, orderId, key)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(responses[0]!.json()).toMatchObject({ orderId, status: 'succeeded' });
    expect(chargesWith(buyer.id, key)).toBe(1);
    expect(await paymentsFor(orderId)).toHaveLength(1);
    expect(await outboxFor(orderId)).toHaveLength(1);
  });

  it.each([
    ['a malformed orderId', { orderId: 'x', paymentMethod: { type: 'card', token: 'tok_visa' } }],
    ['a missing payment method', { orderId: randomUUID() }],
    ['a payment method of the wrong type', { orderId: randomUUID(), paymentMethod: 'tok_visa' }],
    ['an unsupported method type', { orderId: randomUUID(), paymentMethod: { type: 'paypal', token: 'tok_visa' } }],
    ['a numeric token', { orderId: randomUUID(), paymentMethod: { type: 'card', token: 4242 } }],
    ['an empty token', { orderId: randomUUID(), paymentMethod: { type: 'card', token: '' } }],
    ['an unknown field', { orderId: randomUUID(), amountCents: 1, paymentMethod: { type: 'card', token: 'tok_visa' } }],
    ['an unknown nested field', { orderId: randomUUID(), paymentMethod: { type: 'card', token: 'tok_visa', cvc: '123' } }],
    ['a null body', null],
  ])('answers 400 to %s', async (_, payload) => {
    const buyer = await harness.user();
    const response = await harness.request(buyer, {
      method: 'POST',
      url: '/api/payments',
      headers: { 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('REQUEST.VALIDATION_FAILED');
  });

  it('answers 400 to malformed JSON, never 500', async () => {
    const buyer = await harness.user();
    const response = await harness.request(buyer, {
      method: 'POST',
      url: '/api/payments',
      headers: { 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      payload: '{"orderId":',
    });
    expect(response.statusCode).toBe(400);
  });
});
