import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instructorClient, orderFor, publishCourse, type CourseFixture } from '../support/e2e-fixtures.js';
import { startE2EStack, type E2EStack } from '../support/e2e-stack.js';
import { ApiClient, eventually } from '../support/http-client.js';

let env: E2EStack;
let api: ApiClient;
let instructorToken: string;
let freeCourse: CourseFixture;
let paidCourse: CourseFixture;

beforeAll(async () => {
  env = await startE2EStack('flows');
  ({ api, token: instructorToken } = await instructorClient(env));
  freeCourse = await publishCourse(api, instructorToken, 0);
  paidCourse = await publishCourse(api, instructorToken, 4900);
});

afterAll(async () => {
  await env?.close();
});

const pay = (token: string, orderId: string, key: string, cardToken = 'tok_visa') =>
  api.post(
    '/api/payments',
    { orderId, paymentMethod: { type: 'card', token: cardToken } },
    { token, headers: { 'idempotency-key': key } },
  );

describe('auth flow: sign in and open the profile', () => {
  it('registers, signs in and reads the profile through the gateway', async () => {
    const user = await api.signUp('Flow User');
    const profile = await api.get('/api/auth/profile', { token: user.token });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id: user.id, email: user.email, role: 'student' });
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const user = await api.signUp();
    const wrong = await api.post('/api/auth/login', { email: user.email, password: 'not-the-password' });
    const unknown = await api.post('/api/auth/login', {
      email: `nobody-${randomUUID()}@example.com`,
      password: 'not-the-password',
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect({ ...wrong.body, requestId: 0 }).toEqual({ ...unknown.body, requestId: 0 });
  });

  it('refuses tampered and alg:none tokens in every service', async () => {
    const user = await api.signUp();
    const [header, payload, signature] = user.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${signature}`;
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    for (const token of [tampered, unsigned]) {
      for (const path of ['/api/auth/profile', '/api/enrollments/me', '/api/cart']) {
        const response = await api.get(path, { token });
        expect(response.status, `${path}`).toBe(401);
      }
    }
  });

  it('refuses a reused refresh token and revokes its session', async () => {
    const user = await api.signUp();
    const rotated = await api.post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(rotated.status).toBe(200);
    const reuse = await api.post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(reuse.status).toBe(401);
    expect((await api.get('/api/cart', { token: rotated.body.accessToken })).status).toBe(401);
  });

  it('logout is felt at once by all three services', async () => {
    const user = await api.signUp();
    expect((await api.get('/api/cart', { token: user.token })).status).toBe(200);
    expect((await api.post('/api/auth/logout', {}, { token: user.token })).status).toBe(204);
    for (const path of ['/api/auth/profile', '/api/enrollments/me', '/api/cart']) {
      expect((await api.get(path, { token: user.token })).status, path).toBe(401);
    }
  });
});

describe('enrollment flow: browse, enroll, open the content', () => {
  it('browses the catalog, enrolls in a free course and opens it', async () => {
    const student = await api.signUp();
    const page = await api.get('/api/courses?page=1&limit=20&fields=id,title,priceCents&sort=-createdAt');
    expect(page.status).toBe(200);
    expect(page.body.meta).toMatchObject({ page: 1, limit: 20, hasNext: true });
    expect(Object.keys(page.body.data[0]).sort()).toEqual(['id', 'priceCents', 'title']);

    expect((await api.get(`/api/courses/${freeCourse.id}/content`, { token: student.token })).status).toBe(403);
    const first = await api.post(`/api/courses/${freeCourse.id}/enroll`, {}, { token: student.token });
    const again = await api.post(`/api/courses/${freeCourse.id}/enroll`, {}, { token: student.token });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);

    const content = await api.get(`/api/courses/${freeCourse.id}/content`, { token: student.token });
    expect(content.status).toBe(200);
    expect(content.body.lessons.map((l: { position: number }) => l.position)).toEqual([1, 2]);
  });

  it('serves anonymous catalog pages cacheable by a CDN, on a miss and on a hit alike', async () => {
    const path = `/api/courses?limit=5&q=${randomUUID().slice(0, 4)}`;
    const [miss, hit] = [await api.get(path), await api.get(path)];
    expect([miss.headers.get('x-cache'), hit.headers.get('x-cache')]).toEqual(['miss', 'hit']);
    for (const response of [miss, hit]) expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const student = await api.signUp();
    expect((await api.get(path, { token: student.token })).headers.get('cache-control')).toBe('private, no-store');
  });

  it('asks for payment before enrolling in a paid course', async () => {
    const student = await api.signUp();
    const response = await api.post(`/api/courses/${paidCourse.id}/enroll`, {}, { token: student.token });
    expect(response.status).toBe(402);
    expect(response.body.code).toBe('COURSE.PAYMENT_REQUIRED');
  });

  it('does not let a student create a course', async () => {
    const student = await api.signUp();
    const response = await api.post(
      '/api/courses',
      { title: 'Nope', description: 'x', category: 'x', priceCents: 0 },
      { token: student.token },
    );
    expect(response.status).toBe(403);
  });
});

describe('payment flow: cart, checkout, pay, get access', () => {
  it('buys a paid course and opens it within 2 seconds', async () => {
    const student = await api.signUp();
    const cart = await api.post('/api/cart/items', { courseId: paidCourse.id }, { token: student.token });
    expect(cart.status).toBe(201);
    const view = await api.get('/api/cart', { token: student.token });
    expect(view.body).toMatchObject({ totalCents: 4900, items: [{ courseId: paidCourse.id, priceCents: 4900 }] });

    const checkout = await api.post('/api/checkout', {}, { token: student.token });
    expect(checkout.status).toBe(201);
    expect(checkout.body).toMatchObject({ status: 'pending', totalCents: 4900 });

    const payment = await pay(student.token, checkout.body.orderId, randomUUID());
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({ orderId: checkout.body.orderId, status: 'succeeded' });
    expect((await api.get(`/api/orders/${checkout.body.orderId}`, { token: student.token })).body.status).toBe('paid');

    const started = Date.now();
    await eventually(async () => {
      const content = await api.get(`/api/courses/${paidCourse.id}/content`, { token: student.token });
      return content.status === 200 ? content : undefined;
    }, 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    const mine = await api.get('/api/enrollments/me', { token: student.token });
    expect(mine.body.data.map((e: { courseId: string }) => e.courseId)).toContain(paidCourse.id);
  });

  it('keeps a declined order unpaid and enrolls nobody', async () => {
    const student = await api.signUp();
    const orderId = await orderFor(api, student.token, paidCourse.id);
    const payment = await pay(student.token, orderId, randomUUID(), 'tok_chargeDeclined');
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({ status: 'failed', failureCode: 'CARD_DECLINED' });
    expect((await api.get(`/api/orders/${orderId}`, { token: student.token })).body.status).not.toBe('paid');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await api.get(`/api/courses/${paidCourse.id}/content`, { token: student.token })).status).toBe(403);
  });

  it("hides one user's order from another, for reads and payments", async () => {
    const alice = await api.signUp('Alice');
    const bob = await api.signUp('Bob');
    const orderId = await orderFor(api, alice.token, paidCourse.id);
    expect((await api.get(`/api/orders/${orderId}`, { token: bob.token })).status).toBe(404);
    expect((await pay(bob.token, orderId, randomUUID())).status).toBe(404);
    expect((await api.get(`/api/orders/${orderId}`, { token: alice.token })).body.status).toBe('pending');
  });

  it('charges exactly once for 20 concurrent payments with one Idempotency-Key', async () => {
    const student = await api.signUp();
    const orderId = await orderFor(api, student.token, paidCourse.id);
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => pay(student.token, orderId, key)));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const { rows } = await env.query<{ count: string }>('SELECT count(*) FROM payment.payments WHERE order_id = $1', [orderId]);
    expect(Number(rows[0]!.count)).toBe(1);
  });

  it('never charges twice for one course bought through two pending orders', async () => {
    const student = await api.signUp();
    const first = await orderFor(api, student.token, paidCourse.id);
    const second = await orderFor(api, student.token, paidCourse.id);
    expect((await pay(student.token, first, randomUUID())).body.status).toBe('succeeded');
    const again = await pay(student.token, second, randomUUID());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PAYMENT.ALREADY_OWNED');
    expect((await api.get(`/api/orders/${second}`, { token: student.token })).body.status).toBe('pending');
  });

  it('answers a reused key with another body 422, a missing key 400 and a paid order 409', async () => {
    const student = await api.signUp();
    const orderId = await orderFor(api, student.token, paidCourse.id);
    const key = randomUUID();
    expect((await pay(student.token, orderId, key)).status).toBe(201);
    expect((await pay(student.token, orderId, key, 'tok_chargeDeclined')).status).toBe(422);
    const missing = await api.post(
      '/api/payments',
      { orderId, paymentMethod: { type: 'card', token: 'tok_visa' } },
      { token: student.token },
    );
    expect(missing.status).toBe(400);
    expect((await pay(student.token, orderId, randomUUID())).status).toBe(409);
  });
});

describe('bad input never becomes a 500', () => {
  it.each([
    ['malformed JSON', '/api/auth/login', '{"email": '],
    [
      'unknown field',
      '/api/auth/register',
      JSON.stringify({ email: 'x@example.com', password: 'long-enough', name: 'X', admin: true }),
    ],
    ['wrong type', '/api/auth/register', JSON.stringify({ email: 'x@example.com', password: 12345678, name: 'X' })],
    ['malformed JSON to a protected route', '/api/cart/items', '{]'],
    [
      'a NUL character',
      '/api/auth/register',
      JSON.stringify({ email: 'nul@example.com', password: 'long-enough', name: 'a\u0000b' }),
    ],
  ])('%s → 400 with the error body', async (_, path, raw) => {
    const user = await api.signUp();
    const response = await api.request('POST', path, undefined, { raw, token: user.token });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('rejects a body over 1 MB with 413', async () => {
    const raw = JSON.stringify({ email: 'x@example.com', password: 'x'.repeat(1024 * 1024 + 10), name: 'X' });
    const response = await api.request('POST', '/api/auth/register', undefined, { raw });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('REQUEST.BODY_TOO_LARGE');
  });

  it.each([
    '/api/courses?q=%00',
    '/api/courses?category=a%00b',
    '/api/courses/not-a-uuid',
    '/api/courses?limit=0',
    '/api/courses?limit=101',
    '/api/courses?page=abc',
    '/api/courses?fields=id,password',
  ])('GET %s → 400', async (path) => {
    expect((await api.get(path)).status).toBe(400);
  });
});
