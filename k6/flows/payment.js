// @ts-check
/**
 * Payment flow: browse, put a paid course in the cart, check out, pay with the test card
 * (tok_visa, fresh Idempotency-Key) and look at the order.
 *
 * A paying user needs courses it has not bought yet. The VU remembers the courses it bought or was
 * refused (409: already bought or already in the cart) and tries others; when none is left it
 * registers a fresh user. Each paying VU has a user to itself (see ownUserForVU), or registers one.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { Rate } from 'k6/metrics';
import { browseCatalog } from '../lib/catalog.js';
import { numberField, stringField } from '../lib/json.js';
import { pick, think, uuidv4 } from '../lib/random.js';
import { ensureSession, forgetOn401 } from '../lib/session.js';
import { ownUserForVU, registerUser } from '../lib/users.js';

/** Share of payments the API reported as succeeded (tok_visa always should). */
export const paymentSucceeded = new Rate('payment_succeeded');

/** Courses tried per iteration before giving up on the cart. */
const CART_ATTEMPTS = 5;

/**
 * @typedef {Object} Payer
 * @property {import('../lib/users.js').Credentials} user
 * @property {Set<string>} unavailable  paid courses bought or refused for this user
 */

/** @type {Payer | null} per-VU */
let payer = null;
/** The VU's pool user has been used up; from now on it registers fresh users. */
let poolUserSpent = false;
/** Fresh users this VU registered (for unique labels). */
let registeredPayers = 0;

/**
 * @param {import('../lib/http.js').ApiClient} api
 * @param {import('../lib/setup.js').SetupData} data
 * @returns {Payer | null}
 */
function currentPayer(api, data) {
  if (payer === null) {
    const poolUser = poolUserSpent ? undefined : ownUserForVU(data.users);
    poolUserSpent = true;
    const user = poolUser ?? registerFreshUser(api, data.runId);
    payer = user === null ? null : { user, unavailable: new Set() };
  }
  return payer;
}

/**
 * @param {import('../lib/http.js').ApiClient} api
 * @param {string} runId
 * @returns {import('../lib/users.js').Credentials | null}
 */
function registerFreshUser(api, runId) {
  registeredPayers += 1;
  return registerUser(api, runId, `vu${exec.vu.idInTest}-p${registeredPayers}`);
}

/**
 * Adds a random paid course this payer may still buy; a 409 marks the course and tries another.
 * @param {import('../lib/http.js').ApiClient} api
 * @param {string} token
 * @param {Payer} current
 * @param {readonly string[]} paidCourseIds
 * @returns {{ courseId: string } | 'exhausted' | 'failed'}
 */
function addPaidCourseToCart(api, token, current, paidCourseIds) {
  for (let attempt = 0; attempt < CART_ATTEMPTS; attempt++) {
    const courseId = pick(paidCourseIds.filter((id) => !current.unavailable.has(id)));
    if (courseId === undefined) return 'exhausted';
    const res = api.post('/api/cart/items', { courseId }, { token, expect: [201, 409] });
    forgetOn401(res);
    if (res.status === 201) return { courseId };
    if (res.status !== 409) return 'failed';
    current.unavailable.add(courseId);
  }
  return 'failed';
}

/**
 * POST /api/checkout → the pending order's id, or undefined.
 * @param {import('../lib/http.js').ApiClient} api
 * @param {string} token
 * @returns {string | undefined}
 */
function checkout(api, token) {
  const res = api.post('/api/checkout', null, { token });
  forgetOn401(res);
  const orderId = stringField(res.body, 'orderId');
  check(res.body, {
    'checkout: pending order with a total': (body) =>
      orderId !== undefined && stringField(body, 'status') === 'pending' && (numberField(body, 'totalCents') ?? 0) > 0,
  });
  return res.ok ? orderId : undefined;
}

/**
 * POST /api/payments with the test card and a fresh Idempotency-Key.
 * @param {import('../lib/http.js').ApiClient} api
 * @param {string} token
 * @param {string} orderId
 * @returns {boolean} the payment succeeded
 */
function pay(api, token, orderId) {
  const res = api.post(
    '/api/payments',
    { orderId, paymentMethod: { type: 'card', token: 'tok_visa' } },
    { token, headers: { 'Idempotency-Key': uuidv4() } },
  );
  forgetOn401(res);
  const succeeded = res.ok && stringField(res.body, 'status') === 'succeeded';
  check(res.body, { 'payment: succeeded': () => succeeded });
  paymentSucceeded.add(succeeded);
  return succeeded;
}

/**
 * @param {import('../lib/http.js').ApiClient} api
 * @param {import('../lib/setup.js').SetupData} data
 */
export function paymentFlow(api, data) {
  browseCatalog(api, 1);
  think(0.8);

  const current = currentPayer(api, data);
  const session = current === null ? null : ensureSession(api, current.user);
  if (current === null || session === null) return;
  const token = session.accessToken;

  const added = addPaidCourseToCart(api, token, current, data.paidCourseIds);
  if (added === 'exhausted') {
    payer = null; // bought everything: the next iteration registers a fresh user
    return;
  }
  if (added === 'failed') return;
  forgetOn401(api.get('/api/cart', { token }));
  think(0.8);

  const orderId = checkout(api, token);
  if (orderId === undefined) {
    // Leave the cart empty for the next iteration.
    api.del(`/api/cart/items/${added.courseId}`, { token, expect: [204, 404] });
    return;
  }
  think(1);

  if (pay(api, token, orderId)) current.unavailable.add(added.courseId);
  const order = api.get(`/api/orders/${orderId}`, { token });
  check(order.body, {
    'order: is the paid order': (body) => (stringField(body, 'id') ?? stringField(body, 'orderId')) === orderId,
  });
  think(0.8);
}
