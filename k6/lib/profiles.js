// @ts-check
/**
 * Load profiles (PROFILE) → k6 scenarios and thresholds.
 *
 * Every profile runs the three flows as separate scenarios tagged `flow: <name>`; the VUs are split
 * by FLOW_MIX, so the traffic mix stays the same whatever the size.
 */

/**
 * @typedef {import('k6/options').Options} Options
 * @typedef {import('k6/options').Scenario} Scenario
 * @typedef {import('k6/options').Stage} Stage
 * @typedef {import('k6/options').Threshold} Threshold
 * @typedef {'auth' | 'enrollment' | 'payment'} Flow
 *
 * @typedef {Object} Profile
 * @property {string} description
 * @property {number} vus           peak VUs (VUS overrides it; stages scale with it)
 * @property {Stage[]} stages       ramping-vus stages for the peak `vus`; empty = smoke (sequential flows)
 * @property {number | null} minRps floor for the run's average http_reqs rate; null = no rate threshold
 * @property {boolean} abortOnErrorStorm  stop early when one request in ten fails (stress)
 */

/** Share of VUs per flow: most users browse and enroll, some only sign in, few pay. */
export const FLOW_MIX = Object.freeze({ enrollment: 0.7, auth: 0.2, payment: 0.1 });

/** @type {Readonly<Record<Flow, string>>} exported function each flow's scenario runs */
export const FLOW_EXEC = Object.freeze({ auth: 'authFlow', enrollment: 'enrollmentFlow', payment: 'paymentFlow' });

/** @type {readonly Flow[]} */
const FLOWS = ['enrollment', 'auth', 'payment'];

/** Smoke: each flow alone, one after the other, for this long. */
const SMOKE_FLOW_SECONDS = 10;

/** @type {Readonly<Record<string, Profile>>} */
export const PROFILES = Object.freeze({
  // A smoke proves that every flow works end to end, not capacity: 1 VU runs ~1 request/s, so a
  // rate floor (http_reqs rate>1000) could never pass and is left out; latency, errors and checks stay.
  smoke: {
    description: '1 VU per flow, flows one after another, 30 s in all',
    vus: 1,
    stages: [],
    minRps: null,
    abortOnErrorStorm: false,
  },
  'load-100': {
    description: '100 VUs: 1 min ramp-up, 5 min steady, 30 s ramp-down',
    vus: 100,
    stages: [
      { duration: '1m', target: 100 },
      { duration: '5m', target: 100 },
      { duration: '30s', target: 0 },
    ],
    minRps: 100,
    abortOnErrorStorm: false,
  },
  'load-1000': {
    description: '1000 VUs: 2 min ramp-up, 15 min steady, 1 min ramp-down',
    vus: 1000,
    stages: [
      { duration: '2m', target: 1000 },
      { duration: '15m', target: 1000 },
      { duration: '1m', target: 0 },
    ],
    minRps: 1000,
    abortOnErrorStorm: false,
  },
  'stress-10000': {
    description: 'steps to 10000 VUs (1k, 2.5k, 5k, 7.5k, 10k), holds 5 min, ramps down',
    vus: 10000,
    stages: [
      { duration: '2m', target: 1000 },
      { duration: '3m', target: 2500 },
      { duration: '3m', target: 5000 },
      { duration: '3m', target: 7500 },
      { duration: '3m', target: 10000 },
      { duration: '5m', target: 10000 },
      { duration: '2m', target: 0 },
    ],
    minRps: 1000,
    abortOnErrorStorm: true,
  },
});

/**
 * @param {string} name
 * @returns {Profile}
 */
export function getProfile(name) {
  const profile = PROFILES[name];
  if (profile === undefined) {
    throw new Error(`unknown PROFILE "${name}"; use one of: ${Object.keys(PROFILES).join(', ')}`);
  }
  return profile;
}

/**
 * VUs of one flow out of a total: at least 1 so that every flow runs, 0 stays 0 (ramp-down).
 * @param {number} total
 * @param {Flow} flow
 * @returns {number}
 */
export function flowShare(total, flow) {
  return total <= 0 ? 0 : Math.max(1, Math.round(total * FLOW_MIX[flow]));
}

/**
 * @param {Profile} profile
 * @param {number | undefined} vusOverride  VUS
 * @returns {Record<string, Scenario>} one scenario per flow, named after it
 */
export function buildScenarios(profile, vusOverride) {
  /** @type {Record<string, Scenario>} */
  const scenarios = {};
  if (profile.stages.length === 0) {
    FLOWS.forEach((flow, i) => {
      scenarios[flow] = {
        executor: 'constant-vus',
        exec: FLOW_EXEC[flow],
        vus: vusOverride ?? profile.vus,
        duration: `${SMOKE_FLOW_SECONDS}s`,
        startTime: `${i * SMOKE_FLOW_SECONDS}s`,
        gracefulStop: '10s',
        tags: { flow },
      };
    });
    return scenarios;
  }
  const scale = (vusOverride ?? profile.vus) / profile.vus;
  for (const flow of FLOWS) {
    scenarios[flow] = {
      executor: 'ramping-vus',
      exec: FLOW_EXEC[flow],
      startVUs: 0,
      stages: profile.stages.map((stage) => ({
        duration: stage.duration,
        target: flowShare(Math.round(stage.target * scale), flow),
      })),
      gracefulRampDown: '30s',
      tags: { flow },
    };
  }
  return scenarios;
}

/**
 * Upper bound of VUs running at once (sum of each scenario's peak), to size setup()'s user pool.
 * @param {Record<string, Scenario>} scenarios
 * @returns {number}
 */
export function peakVUs(scenarios) {
  let total = 0;
  for (const scenario of Object.values(scenarios)) {
    if (scenario.executor === 'ramping-vus') {
      total += Math.max(scenario.startVUs ?? 1, ...scenario.stages.map((stage) => stage.target));
    } else if (scenario.executor === 'constant-vus') {
      total += scenario.vus ?? 1;
    }
  }
  return total;
}

/**
 * The run's pass/fail criteria.
 *
 * - Overall: p95 < 200 ms, p99 < 500 ms, < 1 % failed requests, > 99 % checks passed, and for load
 *   profiles an average request rate floor (MIN_RPS, scaled with VUS).
 * - Per flow (scenario tag `flow`): the same error and check budgets; latency budgets that match each
 *   flow's work: browse/enroll is read-mostly, payment writes (checkout, payment) and auth includes
 *   its occasional login.
 * - Login (`name: login`) has its own budget: argon2id makes it slow on purpose, so it is neither
 *   held to the overall 200 ms nor left out.
 * @param {Profile} profile
 * @param {number | undefined} vusOverride
 * @param {number | undefined} minRpsOverride
 * @returns {Record<string, Threshold[]>}
 */
export function buildThresholds(profile, vusOverride, minRpsOverride) {
  /** @type {Record<string, Threshold[]>} */
  const thresholds = {
    http_req_duration: ['p(95)<200', 'p(99)<500'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    'http_req_duration{name:login}': ['p(95)<400'],
    // ~1 login per RELOGIN_EVERY (20) profile reads: p95 sits just below the logins' share.
    'http_req_duration{flow:auth}': ['p(95)<250', 'p(99)<500'],
    'http_req_duration{flow:enrollment}': ['p(95)<200', 'p(99)<500'],
    'http_req_duration{flow:payment}': ['p(95)<300', 'p(99)<800'],
    payment_succeeded: ['rate>0.99'],
  };
  for (const flow of FLOWS) {
    thresholds[`http_req_failed{flow:${flow}}`] = ['rate<0.01'];
    thresholds[`checks{flow:${flow}}`] = ['rate>0.99'];
  }
  if (profile.abortOnErrorStorm) {
    thresholds.http_req_failed.push({ threshold: 'rate<0.1', abortOnFail: true, delayAbortEval: '1m' });
  }
  const minRps = minRpsOverride ?? scaleRate(profile, vusOverride);
  if (minRps !== null) thresholds.http_reqs = [`rate>${minRps}`];
  return thresholds;
}

/**
 * The profile's rate floor, scaled when VUS changes the VU count (≈1 request/s per VU on average).
 * @param {Profile} profile
 * @param {number | undefined} vusOverride
 * @returns {number | null}
 */
function scaleRate(profile, vusOverride) {
  if (profile.minRps === null) return null;
  return vusOverride === undefined ? profile.minRps : Math.round((profile.minRps * vusOverride) / profile.vus);
}
