import { stringField } from '../json.js';
import { chance, pick } from '../random.js';
import { browseCatalog } from './catalog.js';
import { forgetOn401, sharedUser, type FlowContext, type Iteration } from './context.js';

const SECOND_PAGE_CHANCE = 0.4;
const MY_COURSES_CHANCE = 0.25;

/** Browses 1–2 catalog pages; a free course seen there, else one setup() found. */
async function browseForFreeCourse(ctx: FlowContext): Promise<string | undefined> {
  let listing = await browseCatalog(ctx.api, 1);
  const seen = [...listing.courses];
  await ctx.think(0.8);
  if (listing.hasNext && chance(SECOND_PAGE_CHANCE)) {
    listing = await browseCatalog(ctx.api, 2);
    seen.push(...listing.courses);
    await ctx.think(0.8);
  }
  return pick(seen.filter((course) => course.priceCents === 0))?.id ?? pick(ctx.data.freeCourseIds);
}

/**
 * k6/flows/enrollment.js: browse the catalog, open a course, enroll in a free course, open its
 * content; a quarter of the time, look at "my courses".
 */
export function enrollmentFlow(ctx: FlowContext): Iteration {
  return async () => {
    const courseId = await browseForFreeCourse(ctx);
    if (courseId === undefined) return;
    const detail = await ctx.api.get(`/api/courses/${courseId}`);
    ctx.api.check('course: detail of the chosen course', stringField(detail.body, 'id') === courseId);
    await ctx.think(0.8);

    const user = sharedUser(ctx);
    const token = await ctx.sessions.token(ctx.api, user);
    if (token === null) return;
    // 201 on the first enrollment, 200 when this user is already enrolled (users repeat courses).
    const enrolled = await ctx.api.post(`/api/courses/${courseId}/enroll`, null, { token, expect: [200, 201] });
    forgetOn401(ctx, user, enrolled.status);
    if (!enrolled.ok) return;
    await ctx.think(0.3);

    const content = await ctx.api.get(`/api/courses/${courseId}/content`, { token });
    forgetOn401(ctx, user, content.status);
    if (chance(MY_COURSES_CHANCE)) {
      await ctx.think(0.5);
      const mine = await ctx.api.get('/api/enrollments/me?page=1&limit=20', { token });
      forgetOn401(ctx, user, mine.status);
    }
    await ctx.think(0.8);
  };
}
