// @ts-check
/** What setup() prepares for the VUs: a pool of fresh users and the catalog's free and paid courses. */
import { ApiClient } from './http.js';
import { discoverCourses } from './catalog.js';
import { registerUserPool } from './users.js';
import { newRunId } from './random.js';

/**
 * @typedef {Object} SetupData  returned by setup(), handed (as a copy) to every iteration
 * @property {string} runId   makes this run's emails unique
 * @property {import('./users.js').Credentials[]} users
 * @property {string[]} freeCourseIds
 * @property {string[]} paidCourseIds
 */

/**
 * @param {Object} params
 * @param {string} params.baseUrl
 * @param {number} params.poolSize  users to register (one per VU, capped)
 * @param {string | undefined} params.runId
 * @returns {SetupData}
 */
export function prepareRun({ baseUrl, poolSize, runId = newRunId() }) {
  const api = new ApiClient(baseUrl, { flow: 'setup' });
  const courses = discoverCourses(api);
  if (courses.free.length === 0 || courses.paid.length === 0) {
    throw new Error(
      `the catalog at ${baseUrl} needs free and paid courses (found ${courses.free.length} free, ` +
        `${courses.paid.length} paid): seed it before load testing`,
    );
  }
  const users = registerUserPool(api, runId, poolSize);
  if (users.length === 0) throw new Error(`could not register any test user at ${baseUrl}/api/auth/register`);
  if (users.length < poolSize) console.warn(`registered ${users.length} of ${poolSize} users; VUs will share them`);
  console.log(`run ${runId}: ${users.length} users, ${courses.free.length} free and ${courses.paid.length} paid courses`);
  return { runId, users, freeCourseIds: courses.free, paidCourseIds: courses.paid };
}
