// @ts-check
/**
 * Per-VU login state. Module state is per VU in k6 (each VU has its own JS runtime), so a VU keeps
 * its tokens between iterations like a real client instead of paying for argon2id on every request.
 */
import { check } from 'k6';
import { numberField, stringField } from './json.js';

/**
 * @typedef {Object} Session
 * @property {string} email
 * @property {string} accessToken
 * @property {string | undefined} refreshToken
 * @property {number} expiresAt   epoch ms after which the access token is refused
 * @property {number} uses        iterations served since this login
 */

/** Log in again when the token has less than this left (ms). */
const EXPIRY_MARGIN_MS = 30000;
/** Used when the login response carries no numeric expiresIn (seconds). */
const DEFAULT_EXPIRES_IN_S = 300;

/** @type {Session | null} */
let current = null;

/**
 * POST /api/auth/login, tagged `name: login` (it has its own latency threshold).
 * @param {import('./http.js').ApiClient} api
 * @param {import('./users.js').Credentials} user
 * @returns {Session | null}
 */
export function login(api, user) {
  const res = api.post('/api/auth/login', { email: user.email, password: user.password }, { name: 'login', expect: [200] });
  const accessToken = stringField(res.body, 'accessToken');
  const valid = check(res.body, {
    'login: bearer access token': (body) => accessToken !== undefined && stringField(body, 'tokenType') === 'Bearer',
  });
  if (!res.ok || !valid || accessToken === undefined) return null;
  const expiresIn = numberField(res.body, 'expiresIn') ?? DEFAULT_EXPIRES_IN_S;
  return {
    email: user.email,
    accessToken,
    refreshToken: stringField(res.body, 'refreshToken'),
    expiresAt: Date.now() + expiresIn * 1000,
    uses: 1,
  };
}

/**
 * The VU's session for `user`: reused while it is valid, renewed by a new login when there is none,
 * it belongs to another user, it has served `reloginEvery` iterations, or its token is about to expire.
 * @param {import('./http.js').ApiClient} api
 * @param {import('./users.js').Credentials} user
 * @param {number} [reloginEvery]  iterations per login; Infinity = only when the token expires
 * @returns {Session | null} null when the login failed (already counted by its check)
 */
export function ensureSession(api, user, reloginEvery = Infinity) {
  const reusable =
    current !== null &&
    current.email === user.email &&
    current.uses < reloginEvery &&
    Date.now() < current.expiresAt - EXPIRY_MARGIN_MS;
  if (reusable && current !== null) {
    current.uses += 1;
  } else {
    current = login(api, user);
  }
  return current;
}

/** Forgets the session (after a 401), so the next iteration logs in again. */
export function dropSession() {
  current = null;
}

/**
 * Drops the session when the API refused its token.
 * @param {import('./http.js').ApiResponse} res
 */
export function forgetOn401(res) {
  if (res.status === 401) dropSession();
}
