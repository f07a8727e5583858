import { arrayField, booleanField, objectField, numberField, stringField } from '../json.js';
import type { VuClient } from '../vu-client.js';

export interface CourseSummary {
  id: string;
  priceCents: number;
}

export interface CatalogPage {
  courses: CourseSummary[];
  hasNext: boolean;
}

export function parseCatalogPage(body: unknown): CatalogPage {
  const courses: CourseSummary[] = [];
  for (const item of arrayField(body, 'data')) {
    const id = stringField(item, 'id');
    const priceCents = numberField(item, 'priceCents');
    if (id !== undefined && priceCents !== undefined) courses.push({ id, priceCents });
  }
  return { courses, hasNext: booleanField(objectField(body, 'meta'), 'hasNext') === true };
}

/** One catalog page as the web app shows it (k6/lib/catalog.js browseCatalog). */
export async function browseCatalog(api: VuClient, page: number): Promise<CatalogPage> {
  const res = await api.get(`/api/courses?page=${page}&limit=20&fields=id,title,priceCents&sort=-createdAt`);
  const listing = parseCatalogPage(res.body);
  api.check('catalog: lists courses', listing.courses.length > 0 || page > 1);
  return listing;
}

/** Reads the catalog 100 per page (up to 20 pages) and splits the ids into free and paid. */
export async function discoverCourses(api: VuClient): Promise<{ free: string[]; paid: string[] }> {
  const ids = { free: [] as string[], paid: [] as string[] };
  for (let page = 1; page <= 20; page++) {
    const res = await api.get(`/api/courses?page=${page}&limit=100&fields=id,priceCents`);
    if (!res.ok) break;
    const listing = parseCatalogPage(res.body);
    for (const course of listing.courses) (course.priceCents === 0 ? ids.free : ids.paid).push(course.id);
    if (!listing.hasNext) break;
  }
  return ids;
}
