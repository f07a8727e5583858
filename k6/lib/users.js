// @ts-check
/** Test users: created through the public API only (POST /api/auth/register), never in the database. */
import { check } from 'k6';
import exec from 'k6/execution';
import { stringField } from './json.js';

/**
 * @typedef {Object} Credentials
 * @property {string} email
 * @property {string} password
 */

/** Registrations sent in parallel by setup(); each one is an argon2id hash on the auth service. */
const REGISTER_BATCH = 10;

/**
 * @param {string} runId
 * @param {string} label  unique within the run, e.g. `u17` or `vu42-p2`
 * @returns {Credentials & { name: string }}
 */
export function newUser(runId, label) {
  return {
    email: `k6-${runId}-${label}@example.com`,
    password: `K6-load-${runId}!Pw`,
    name: `Load Test ${label}`,
  };
}

/**
 * @param {import('./http.js').ApiResponse} res
 * @param {string} email
 * @returns {boolean}
 */
function registered(res, email) {
  return check(res.body, { 'register: returns the new user': (body) => stringField(body, 'email') === email });
}

/**
 * Registers one user (a payer that needs a fresh account mid-run).
 * @param {import('./http.js').ApiClient} api
 * @param {string} runId
 * @param {string} label
 * @returns {Credentials | null}
 */
export function registerUser(api, runId, label) {
  const user = newUser(runId, label);
  const res = api.post('/api/auth/register', user, { name: 'register' });
  return res.ok && registered(res, user.email) ? { email: user.email, password: user.password } : null;
}

/**
 * Registers `count` users, REGISTER_BATCH at a time; returns those the API accepted.
 * @param {import('./http.js').ApiClient} api
 * @param {string} runId
 * @param {number} count
 * @returns {Credentials[]}
 */
export function registerUserPool(api, runId, count) {
  /** @type {Credentials[]} */
  const pool = [];
  for (let start = 0; start < count; start += REGISTER_BATCH) {
    const size = Math.min(REGISTER_BATCH, count - start);
    const batch = Array.from({ length: size }, (_, i) => newUser(runId, `u${start + i + 1}`));
    const responses = api.batch(batch.map((user) => api.spec('POST', '/api/auth/register', user, { name: 'register' })));
    responses.forEach((res, i) => {
      const user = batch[i];
      if (res.ok && registered(res, user.email)) pool.push({ email: user.email, password: user.password });
    });
  }
  return pool;
}

/**
 * The pool user of the running VU: VU n (1-based, unique in the test) gets user n; VUs beyond the
 * pool (USER_POOL_MAX) share users round-robin, which is harmless for logging in and enrolling.
 * @param {readonly Credentials[]} pool
 * @returns {Credentials}
 */
export function userForVU(pool) {
  return pool[(exec.vu.idInTest - 1) % pool.length];
}

/**
 * The pool user the running VU has to itself, if the pool is large enough (for carts: two VUs
 * filling and checking out the same cart would race).
 * @param {readonly Credentials[]} pool
 * @returns {Credentials | undefined}
 */
export function ownUserForVU(pool) {
  return exec.vu.idInTest <= pool.length ? pool[exec.vu.idInTest - 1] : undefined;
}
