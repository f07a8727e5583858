// @ts-check
/**
 * Run configuration, read once from `__ENV` (`k6 run -e NAME=value` or the process environment).
 * Every knob is documented in k6/README.md.
 */

/**
 * @param {string} name
 * @returns {string | undefined} the variable, or undefined when unset or empty
 */
function raw(name) {
  const value = __ENV[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * @param {string} name
 * @param {string} fallback
 * @returns {string}
 */
export function envString(name, fallback) {
  return raw(name) ?? fallback;
}

/**
 * @param {string} name
 * @returns {number | undefined} a positive number, or undefined when unset
 */
export function envPositiveNumber(name) {
  const value = raw(name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new Error(`env ${name} must be a positive number, got "${value}"`);
  }
  return parsed;
}

/**
 * @param {string} name
 * @returns {number | undefined} a positive integer, or undefined when unset
 */
export function envPositiveInt(name) {
  const value = envPositiveNumber(name);
  if (value !== undefined && !Number.isInteger(value)) {
    throw new Error(`env ${name} must be a whole number, got "${value}"`);
  }
  return value;
}

/**
 * @typedef {Object} Config
 * @property {string} baseUrl        gateway origin, no trailing slash (BASE_URL)
 * @property {string} profile        profile name (PROFILE)
 * @property {number | undefined} vus  peak VUs overriding the profile's (VUS)
 * @property {number} reloginEvery   auth flow: log in again every N iterations (RELOGIN_EVERY)
 * @property {number} thinkScale     multiplies every think time; 1 = as written (THINK_SCALE)
 * @property {number} userPoolMax    cap on the users setup() registers (USER_POOL_MAX)
 * @property {number | undefined} minRps  overrides the profile's http_reqs rate floor (MIN_RPS)
 * @property {string} summaryPath    where handleSummary writes the JSON summary (SUMMARY_PATH)
 * @property {string | undefined} runId  fixes the run id used in test users' emails (RUN_ID)
 * @property {boolean} debug         log unexpected responses (DEBUG)
 */

/** @type {Readonly<Config>} */
export const config = Object.freeze({
  baseUrl: envString('BASE_URL', 'http://localhost:8080').replace(/\/+$/, ''),
  profile: envString('PROFILE', 'smoke'),
  vus: envPositiveInt('VUS'),
  reloginEvery: envPositiveInt('RELOGIN_EVERY') ?? 20,
  thinkScale: raw('THINK_SCALE') === '0' ? 0 : (envPositiveNumber('THINK_SCALE') ?? 1),
  userPoolMax: envPositiveInt('USER_POOL_MAX') ?? 1000,
  minRps: envPositiveNumber('MIN_RPS'),
  summaryPath: envString('SUMMARY_PATH', 'summary.json'),
  runId: raw('RUN_ID'),
  debug: raw('DEBUG') !== undefined && raw('DEBUG') !== '0' && raw('DEBUG') !== 'false',
});
