import { numberField, stringField } from '../json.js';
import { pick, uuid } from '../random.js';
import { newUser } from '../users.js';
import { browseCatalog } from './catalog.js';
import { forgetOn401, type FlowContext, type Iteration } from './context.js';
import type { Payer, PayerBook } from './payers.js';

const CART_ATTEMPTS = 5;

/** Adds a random paid course the payer may still buy; a 409 marks the course and tries another. */
async function addPaidCourse(ctx: FlowContext, token: string, payer: Payer): Promise<string | 'exhausted' | 'failed'> {
  for (let attempt = 0; attempt < CART_ATTEMPTS; attempt++) {
    const courseId = pick(ctx.data.paidCourseIds.filter((id) => !payer.unavailable.has(id)));
    if (courseId === undefined) return 'exhausted';
    const res = await ctx.api.post('/api/cart/items', { courseId }, { token, expect: [201, 409] });
    forgetOn401(ctx, payer.user, res.status);
    if (res.status === 201) return courseId;
    if (res.status !== 409) return 'failed';
    payer.unavailable.add(courseId);
  }
  return 'failed';
}

async function checkout(ctx: FlowContext, token: string, payer: Payer): Promise<string | undefined> {
  const res = await ctx.api.post('/api/checkout', null, { token });
  forgetOn401(ctx, payer.user, res.status);
  const orderId = stringField(res.body, 'orderId');
  const pending = stringField(res.body, 'status') === 'pending' && (numberField(res.body, 'totalCents') ?? 0) > 0;
  ctx.api.check('checkout: pending order with a total', orderId !== undefined && pending);
  return res.ok ? orderId : undefined;
}

async function pay(ctx: FlowContext, token: string, orderId: string): Promise<boolean> {
  const res = await ctx.api.post(
    '/api/payments',
    { orderId, paymentMethod: { type: 'card', token: 'tok_visa' } },
    { token, headers: { 'idempotency-key': uuid() } },
  );
  const succeeded = res.ok && stringField(res.body, 'status') === 'succeeded';
  ctx.api.check('payment: succeeded', succeeded);
  return succeeded;
}

/** A payer that bought every paid course gets a fresh user, registered through the API (as k6 does). */
async function renew(ctx: FlowContext, payer: Payer): Promise<void> {
  payer.generation += 1;
  const fresh = newUser(ctx.data.runId, `payer${ctx.vu}-g${payer.generation}`);
  const res = await ctx.api.post('/api/auth/register', fresh, { name: 'register' });
  if (res.ok) {
    payer.user = { email: fresh.email, password: fresh.password };
    payer.unavailable.clear();
  }
}

async function buyOne(ctx: FlowContext, payer: Payer): Promise<void> {
  const token = await ctx.sessions.token(ctx.api, payer.user);
  if (token === null) return;
  const added = await addPaidCourse(ctx, token, payer);
  if (added === 'exhausted') return renew(ctx, payer);
  if (added === 'failed') return;
  forgetOn401(ctx, payer.user, (await ctx.api.get('/api/cart', { token })).status);
  await ctx.think(0.8);

  const orderId = await checkout(ctx, token, payer);
  if (orderId === undefined) {
    await ctx.api.del(`/api/cart/items/${added}`, { token, expect: [204, 404] });
    return;
  }
  await ctx.think(1);
  if (await pay(ctx, token, orderId)) payer.unavailable.add(added);
  const order = await ctx.api.get(`/api/orders/${orderId}`, { token });
  const id = stringField(order.body, 'id') ?? stringField(order.body, 'orderId');
  ctx.api.check('order: is the paid order', id === orderId);
}

/**
 * k6/flows/payment.js: browse, put a paid course in the cart, check out, pay with the test card
 * (tok_visa, a fresh Idempotency-Key) and look at the order.
 */
export function paymentFlow(ctx: FlowContext, payers: PayerBook): Iteration {
  return async () => {
    await browseCatalog(ctx.api, 1);
    await ctx.think(0.8);
    await payers.exclusive(ctx.vu, (payer) => buyOne(ctx, payer));
    await ctx.think(0.8);
  };
}
