// @ts-check
/** The course catalog: public listing pages and the free/paid ids setup() hands to the VUs. */
import { check } from 'k6';
import { arrayField, booleanField, isRecord, numberField, objectField, stringField } from './json.js';

/**
 * @typedef {Object} CourseSummary
 * @property {string} id
 * @property {string | undefined} title
 * @property {number} priceCents  0 = free
 *
 * @typedef {Object} CatalogPage
 * @property {CourseSummary[]} courses
 * @property {boolean} hasNext
 *
 * @typedef {Object} CourseIds
 * @property {string[]} free
 * @property {string[]} paid
 */

/** Pages of 100 read by setup() to find courses (so at most 100 × this many ids). */
const DISCOVERY_MAX_PAGES = 20;

/**
 * @param {unknown} body  `{ data: [...], meta: { hasNext } }`
 * @returns {CatalogPage}
 */
export function parseCatalogPage(body) {
  /** @type {CourseSummary[]} */
  const courses = [];
  for (const item of arrayField(body, 'data')) {
    const id = stringField(item, 'id');
    const priceCents = numberField(item, 'priceCents');
    if (isRecord(item) && id !== undefined && priceCents !== undefined) {
      courses.push({ id, title: stringField(item, 'title'), priceCents });
    }
  }
  return { courses, hasNext: booleanField(objectField(body, 'meta'), 'hasNext') === true };
}

/**
 * One catalog page as the web app shows it: newest first, only the fields a card needs.
 * @param {import('./http.js').ApiClient} api
 * @param {number} page  1-based
 * @returns {CatalogPage}
 */
export function browseCatalog(api, page) {
  const res = api.get(`/api/courses?page=${page}&limit=20&fields=id,title,priceCents&sort=-createdAt`);
  const listing = parseCatalogPage(res.body);
  check(res.body, { 'catalog: lists courses': () => listing.courses.length > 0 || page > 1 });
  return listing;
}

/**
 * Reads the catalog (100 per page) and splits course ids into free and paid.
 * @param {import('./http.js').ApiClient} api
 * @returns {CourseIds}
 */
export function discoverCourses(api) {
  /** @type {CourseIds} */
  const ids = { free: [], paid: [] };
  for (let page = 1; page <= DISCOVERY_MAX_PAGES; page++) {
    const res = api.get(`/api/courses?page=${page}&limit=100&fields=id,priceCents`);
    if (!res.ok) break;
    const listing = parseCatalogPage(res.body);
    for (const course of listing.courses) (course.priceCents === 0 ? ids.free : ids.paid).push(course.id);
    if (!listing.hasNext) break;
  }
  return ids;
}
