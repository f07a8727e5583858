// @ts-check
/**
 * Enrollment flow: browse the catalog (a page or two), open a course, enroll in a free course and
 * open its content; now and then look at "my courses".
 */
import { check } from 'k6';
import { browseCatalog } from '../lib/catalog.js';
import { stringField } from '../lib/json.js';
import { chance, pick, think } from '../lib/random.js';
import { ensureSession, forgetOn401 } from '../lib/session.js';
import { userForVU } from '../lib/users.js';

/** Share of visitors who look at a second catalog page. */
const SECOND_PAGE_CHANCE = 0.4;
/** Share of iterations that end on "my courses". */
const MY_COURSES_CHANCE = 0.25;

/**
 * Browses 1–2 catalog pages and returns a free course id to enroll in: one seen while browsing when
 * there is one, otherwise one of the free courses setup() found.
 * @param {import('../lib/http.js').ApiClient} api
 * @param {readonly string[]} knownFree
 * @returns {string | undefined}
 */
function browseForFreeCourse(api, knownFree) {
  const seen = [];
  let listing = browseCatalog(api, 1);
  seen.push(...listing.courses);
  think(0.8);
  if (listing.hasNext && chance(SECOND_PAGE_CHANCE)) {
    listing = browseCatalog(api, 2);
    seen.push(...listing.courses);
    think(0.8);
  }
  const freeSeen = seen.filter((course) => course.priceCents === 0);
  return pick(freeSeen)?.id ?? pick(knownFree);
}

/**
 * @param {import('../lib/http.js').ApiClient} api
 * @param {import('../lib/setup.js').SetupData} data
 */
export function enrollmentFlow(api, data) {
  const courseId = browseForFreeCourse(api, data.freeCourseIds);
  if (courseId === undefined) return;

  const detail = api.get(`/api/courses/${courseId}`);
  check(detail.body, { 'course: detail of the chosen course': (body) => stringField(body, 'id') === courseId });
  think(0.8);

  const session = ensureSession(api, userForVU(data.users));
  if (session === null) return;
  const token = session.accessToken;

  // 201 on the first enrollment, 200 when this user is already enrolled (users repeat courses).
  const enrolled = api.post(`/api/courses/${courseId}/enroll`, null, { token, expect: [200, 201] });
  forgetOn401(enrolled);
  if (!enrolled.ok) return;
  think(0.3);

  const content = api.get(`/api/courses/${courseId}/content`, { token });
  forgetOn401(content);

  if (chance(MY_COURSES_CHANCE)) {
    think(0.5);
    forgetOn401(api.get('/api/enrollments/me?page=1&limit=20', { token }));
  }
  think(0.8);
}
