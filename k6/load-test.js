// @ts-check
/**
 * Azora load test: the three user flows as k6 scenarios.
 *
 *   k6 run -e PROFILE=smoke k6/load-test.js
 *   k6 run -e PROFILE=load-1000 -e BASE_URL=https://staging.example k6/load-test.js
 *
 * Scenarios (VUs split 70 / 20 / 10 % by FLOW_MIX, every request tagged `flow: <scenario>`):
 * - enrollment: browse catalog page(s) → course detail → enroll in a free course → open its content
 * - auth:       login (again only every RELOGIN_EVERY iterations) → profile
 * - payment:    browse → add a paid course to the cart → checkout → pay (tok_visa) → order
 *
 * Profiles, thresholds and environment variables: see k6/README.md and lib/profiles.js.
 */
import { config } from './lib/config.js';
import { ApiClient } from './lib/http.js';
import { buildScenarios, buildThresholds, getProfile, peakVUs } from './lib/profiles.js';
import { prepareRun } from './lib/setup.js';
import { summaryOutputs } from './lib/summary.js';
import { authFlow as runAuthFlow } from './flows/auth.js';
import { enrollmentFlow as runEnrollmentFlow } from './flows/enrollment.js';
import { paymentFlow as runPaymentFlow } from './flows/payment.js';

const profile = getProfile(config.profile);
const scenarios = buildScenarios(profile, config.vus);

/** @type {import('k6/options').Options} */
export const options = {
  scenarios,
  thresholds: buildThresholds(profile, config.vus, config.minRps),
  // Registering the user pool hashes one password (argon2id) per user.
  setupTimeout: '10m',
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
  userAgent: 'azora-k6-load-test/1.0',
};

/** One client per VU (the init context runs once per VU). */
const api = new ApiClient(config.baseUrl);

/**
 * Runs once before the VUs start: registers the user pool (one per VU at peak, at most
 * USER_POOL_MAX) through the API and finds free and paid courses in the catalog.
 * @returns {import('./lib/setup.js').SetupData}
 */
export function setup() {
  console.log(`profile ${config.profile}: ${profile.description} against ${config.baseUrl}`);
  return prepareRun({
    baseUrl: config.baseUrl,
    poolSize: Math.min(peakVUs(scenarios), config.userPoolMax),
    runId: config.runId,
  });
}

/** @param {import('./lib/setup.js').SetupData} data */
export function authFlow(data) {
  runAuthFlow(api, data);
}

/** @param {import('./lib/setup.js').SetupData} data */
export function enrollmentFlow(data) {
  runEnrollmentFlow(api, data);
}

/** @param {import('./lib/setup.js').SetupData} data */
export function paymentFlow(data) {
  runPaymentFlow(api, data);
}

/**
 * Prints a short text summary and writes the full summary as JSON to SUMMARY_PATH.
 * @param {import('./lib/summary.js').SummaryData} data
 * @returns {Record<string, string>}
 */
export function handleSummary(data) {
  return summaryOutputs(data, { profile: config.profile, baseUrl: config.baseUrl }, config.summaryPath);
}
