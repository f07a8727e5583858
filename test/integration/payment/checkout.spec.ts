import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, PaymentHarness, type TestUser } from './support/payment-harness.js';

const harness = new PaymentHarness();

beforeAll(async () => {
  await harness.start('payment_checkout');
});

afterAll(async () => {
  await harness.stop();
});

const getOrder = (user: TestUser, id: string) => harness.request(user, { method: 'GET', url: `/api/orders/${id}` });

describe('payment checkout and orders', () => {
  it('refuses to check out an empty cart with 409 PAYMENT.CART_EMPTY', async () => {
    const response = await harness.checkout(await harness.user());
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PAYMENT.CART_EMPTY');
  });

  it('creates a pending order at the prices quoted now, empties the cart, and shows the order to its owner only', async () => {
    const buyer = await harness.user();
    const algebra = harness.course({ title: 'Algebra', priceCents: 1000, currency: 'EUR' });
    const biology = harness.course({ title: 'Biology', priceCents: 2000, currency: 'EUR' });
    expectStatus(await harness.addToCart(buyer, biology), 201);
    expectStatus(await harness.addToCart(buyer, algebra), 201);
    harness.courses.catalog.get(algebra)!.priceCents = 1500;

    const checkout = await harness.checkout(buyer);
    expect(checkout.statusCode).toBe(201);
    const items = [
      { courseId: algebra, title: 'Algebra', priceCents: 1500 },
      { courseId: biology, title: 'Biology', priceCents: 2000 },
    ];
    const { orderId } = checkout.json<{ orderId: string }>();
    expect(checkout.json()).toEqual({ orderId: expect.any(String), status: 'pending', items, totalCents: 3500, currency: 'EUR' });
    expect((await harness.request(buyer, { method: 'GET', url: '/api/cart' })).json()).toEqual({
      items: [],
      totalCents: 0,
      currency: null,
    });

    const order = await getOrder(buyer, orderId);
    expect(order.statusCode).toBe(200);
    expect(order.json()).toEqual({
      id: orderId,
      status: 'pending',
      items,
      totalCents: 3500,
      currency: 'EUR',
      createdAt: expect.any(String),
    });

    const stranger = await harness.user();
    for (const id of [orderId, randomUUID()]) {
      const hidden = await getOrder(stranger, id);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().code).toBe('PAYMENT.ORDER_NOT_FOUND');
    }
    expect((await getOrder(buyer, 'not-a-uuid')).statusCode).toBe(400);
  });

  it.each([
    ['became unavailable', (id: string) => (harness.courses.catalog.get(id)!.published = false), 'PAYMENT.COURSE_UNAVAILABLE'],
    ['became free', (id: string) => (harness.courses.catalog.get(id)!.priceCents = 0), 'PAYMENT.FREE_COURSE'],
    ['changed currency', (id: string) => (harness.courses.catalog.get(id)!.currency = 'GBP'), 'PAYMENT.CURRENCY_MISMATCH'],
  ])('refuses the whole checkout when a course %s, and keeps the cart', async (_, change, code) => {
    const buyer = await harness.user();
    const kept = harness.course();
    const changed = harness.course();
    expectStatus(await harness.addToCart(buyer, kept), 201);
    expectStatus(await harness.addToCart(buyer, changed), 201);
    change(changed);
    const response = await harness.checkout(buyer);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe(code);
    expect((await harness.request(buyer, { method: 'GET', url: '/api/cart' })).json().items).toHaveLength(2);
  });

  it('refuses a checkout with a course the user came to own meanwhile', async () => {
    const buyer = await harness.user();
    const courseId = harness.course();
    expectStatus(await harness.addToCart(buyer, courseId), 201);
    harness.courses.enroll(buyer.id, courseId);
    const response = await harness.checkout(buyer);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PAYMENT.ALREADY_OWNED');
  });

  it('refuses a course already paid for, even before its enrollment is granted', async () => {
    const buyer = await harness.user();
    const { orderId, courseIds } = await harness.order(buyer);
    harness.courses.grantMode = 'error';
    try {
      expectStatus(await harness.pay(buyer, orderId, randomUUID()), 201);
      // The course service does not know of the purchase yet, so it still quotes the course as buyable.
      expectStatus(await harness.addToCart(buyer, courseIds[0]!), 201);
      const response = await harness.checkout(buyer);
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('PAYMENT.ALREADY_OWNED');
    } finally {
      harness.courses.grantMode = 'ack';
    }
  });

  it('lets only one of two racing checkouts of one cart create an order', async () => {
    const buyer = await harness.user();
    expectStatus(await harness.addToCart(buyer, harness.course()), 201);
    expectStatus(await harness.addToCart(buyer, harness.course()), 201);
    const results = await Promise.all([harness.checkout(buyer), harness.checkout(buyer)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const orders = await harness.query('SELECT id FROM payment.orders WHERE user_id = $1', [buyer.id]);
    expect(orders).toHaveLength(1);
  });

  it('answers 503 when the course service cannot re-quote, and creates nothing', async () => {
    const buyer = await harness.user();
    expectStatus(await harness.addToCart(buyer, harness.course()), 201);
    await harness.courses.stop();
    try {
      const response = await harness.checkout(buyer);
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('PAYMENT.CATALOG_UNAVAILABLE');
    } finally {
      await harness.courses.start();
    }
    expect(await harness.query('SELECT id FROM payment.orders WHERE user_id = $1', [buyer.id])).toHaveLength(0);
  });
});
