import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CART_ITEMS } from '../../../apps/payment/src/cart/cart.service.js';
import { expectStatus, PaymentHarness, type TestUser } from './support/payment-harness.js';

const harness = new PaymentHarness();
let user: TestUser;

const getCart = (who: TestUser) => harness.request(who, { method: 'GET', url: '/api/cart' });
const removeFromCart = (who: TestUser, courseId: string) =>
  harness.request(who, { method: 'DELETE', url: `/api/cart/items/${courseId}` });

beforeAll(async () => {
  await harness.start('payment_cart');
});

afterAll(async () => {
  await harness.stop();
});

describe('payment cart', () => {
  it('needs a Bearer token on every route', async () => {
    for (const [method, url] of [
      ['GET', '/api/cart'],
      ['POST', '/api/cart/items'],
      ['DELETE', `/api/cart/items/${randomUUID()}`],
      ['POST', '/api/checkout'],
      ['POST', '/api/payments'],
      ['GET', `/api/orders/${randomUUID()}`],
    ] as const) {
      expect((await harness.request(undefined, { method, url })).statusCode).toBe(401);
    }
  });

  it('holds at most MAX_CART_ITEMS courses, so an order total can never overflow', async () => {
    const buyer = await harness.user();
    for (let i = 0; i < MAX_CART_ITEMS; i++) {
      expectStatus(await harness.addToCart(buyer, harness.course({ title: `Max ${i}`, priceCents: 100_000_000 })), 201);
    }
    const overflow = await harness.addToCart(buyer, harness.course({ title: 'One too many', priceCents: 100 }));
    expect(overflow.statusCode).toBe(409);
    expect(overflow.json().code).toBe('PAYMENT.CART_FULL');
    expect((await getCart(buyer)).json().totalCents).toBe(MAX_CART_ITEMS * 100_000_000);
  });

  it('adds courses at the quoted price, lists them and removes them idempotently', async () => {
    user = await harness.user();
    expect((await getCart(user)).json()).toEqual({ items: [], totalCents: 0, currency: null });

    const first = harness.course({ title: 'Algebra', priceCents: 1000 });
    const second = harness.course({ title: 'Biology', priceCents: 2550 });
    const added = await harness.addToCart(user, first);
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({
      items: [{ courseId: first, title: 'Algebra', priceCents: 1000 }],
      totalCents: 1000,
      currency: 'USD',
    });
    expectStatus(await harness.addToCart(user, second), 201);

    // The price captured on adding stays, whatever the catalog says later.
    harness.courses.catalog.get(first)!.priceCents = 9999;
    expect((await getCart(user)).json()).toEqual({
      items: [
        { courseId: first, title: 'Algebra', priceCents: 1000 },
        { courseId: second, title: 'Biology', priceCents: 2550 },
      ],
      totalCents: 3550,
      currency: 'USD',
    });

    expect((await removeFromCart(user, first)).statusCode).toBe(204);
    expect((await removeFromCart(user, first)).statusCode).toBe(204);
    expect((await getCart(user)).json()).toMatchObject({ items: [{ courseId: second }], totalCents: 2550 });
    expectStatus(await removeFromCart(user, second), 204);
  });

  it('treats an upper-case course id as the same course', async () => {
    const buyer = await harness.user();
    const courseId = harness.course();
    const added = await harness.addToCart(buyer, courseId.toUpperCase());
    expect(added.statusCode).toBe(201);
    expect(added.json().items).toEqual([expect.objectContaining({ courseId })]);
    expect((await harness.addToCart(buyer, courseId)).json().code).toBe('PAYMENT.ALREADY_IN_CART');
  });

  it('keeps carts apart per user', async () => {
    const other = await harness.user();
    const courseId = harness.course();
    expectStatus(await harness.addToCart(other, courseId), 201);
    expect((await getCart(user)).json()).toMatchObject({ items: [] });
  });

  it.each([
    ['an unknown course', () => randomUUID(), 404, 'PAYMENT.COURSE_NOT_FOUND'],
    ['an unpublished course', () => harness.course({ published: false }), 404, 'PAYMENT.COURSE_NOT_FOUND'],
    ['a free course', () => harness.course({ priceCents: 0 }), 409, 'PAYMENT.FREE_COURSE'],
  ])('refuses %s', async (_, makeCourse, status, code) => {
    const response = await harness.addToCart(await harness.user(), makeCourse());
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ statusCode: status, code, requestId: expect.any(String) });
  });

  it('refuses a course the user already owns', async () => {
    const buyer = await harness.user();
    const courseId = harness.course();
    harness.courses.enroll(buyer.id, courseId);
    const response = await harness.addToCart(buyer, courseId);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PAYMENT.ALREADY_OWNED');
  });

  it('refuses a course already in the cart, also when two adds race', async () => {
    const buyer = await harness.user();
    const courseId = harness.course();
    const racing = await Promise.all([harness.addToCart(buyer, courseId), harness.addToCart(buyer, courseId)]);
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const again = await harness.addToCart(buyer, courseId);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PAYMENT.ALREADY_IN_CART');
  });

  it('keeps one currency per cart', async () => {
    const buyer = await harness.user();
    expectStatus(await harness.addToCart(buyer, harness.course({ currency: 'USD' })), 201);
    const response = await harness.addToCart(buyer, harness.course({ currency: 'EUR' }));
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PAYMENT.CURRENCY_MISMATCH');
  });

  it.each([
    ['a malformed courseId', { courseId: 'not-a-uuid' }],
    ['a numeric courseId', { courseId: 42 }],
    ['a missing courseId', {}],
    ['an unknown field', { courseId: randomUUID(), priceCents: 1 }],
    ['an array body', [randomUUID()]],
  ])('answers 400 to %s', async (_, payload) => {
    const response = await harness.request(user, { method: 'POST', url: '/api/cart/items', payload: payload as object });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('REQUEST.VALIDATION_FAILED');
  });

  it('answers 400 to malformed JSON and to a malformed id in the path', async () => {
    const malformed = await harness.request(user, {
      method: 'POST',
      url: '/api/cart/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"courseId": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toMatch(/^REQUEST\./);
    expect((await removeFromCart(user, 'nope')).statusCode).toBe(400);
  });

  it('answers 503 PAYMENT.CATALOG_UNAVAILABLE when the course service times out', async () => {
    harness.courses.hangQuotes = true;
    try {
      const started = Date.now();
      const response = await harness.addToCart(user, harness.course());
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('PAYMENT.CATALOG_UNAVAILABLE');
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    } finally {
      harness.courses.hangQuotes = false;
    }
  });

  it('answers 503 PAYMENT.CATALOG_UNAVAILABLE while the course service is down', async () => {
    const courseId = harness.course();
    await harness.courses.stop();
    try {
      const response = await harness.addToCart(user, courseId);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(response.json()).toMatchObject({ code: 'PAYMENT.CATALOG_UNAVAILABLE', requestId: expect.any(String) });
    } finally {
      await harness.courses.start();
    }
    expectStatus(await harness.addToCart(user, courseId), 201);
    expectStatus(await removeFromCart(user, courseId), 204);
  });
});
