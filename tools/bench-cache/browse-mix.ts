import { CATALOG_SORTS, parseSort, type CatalogSort } from '../../apps/course/src/courses/catalog-query.js';
import { MAX_PAGE_OFFSET } from '../../apps/course/src/common/pagination.js';
import { Rng } from '../seed/prng.js';
import type { CatalogDatabase, PublishedCourse } from './catalog-db.js';

export const PAGE_SIZE = 20;

/**
 * How visitors browse, as parameters the report quotes. Catalog pages across categories and sorts,
 * whose depth follows a Zipf law (rank r drawn with weight 1 / r^s): most visitors stay on the first
 * pages. Course details are mostly clicks on a listed course (a page drawn as above, then a position
 * on it, the top ones more often), the rest arrive from search or links, by a Zipf law of popularity
 * over the whole catalog: the long tail.
 */
export const BROWSE_MIX = {
  detailShare: 0.35,
  /** Of detail views, the share clicked from a catalog page; the rest follow popularity. */
  clickedFromListing: 0.7,
  /** Zipf exponent of the position clicked on a page of 20. */
  positionExponent: 1,
  /** Zipf exponent of course popularity for the other detail views (ranks shuffled: popularity is not recency). */
  courseExponent: 1.1,
  /** Of catalog requests, the share without a category filter (the home page and its sorts). */
  allCategoriesShare: 0.4,
  /** Zipf exponent of page depth: page 1 about half of the views, page 2 a sixth, page 10 under 1 %. */
  pageExponent: 1.6,
  sortWeights: { '-createdAt': 50, createdAt: 5, priceCents: 15, '-priceCents': 10, title: 10, '-title': 10 } satisfies Record<
    CatalogSort,
    number
  >,
} as const;

/** Cumulative weights 1 / r^s for ranks 1..n, for sampling by binary search. */
function zipfTable(n: number, exponent: number): Float64Array {
  const table = new Float64Array(n);
  let sum = 0;
  for (let rank = 1; rank <= n; rank++) table[rank - 1] = sum += 1 / rank ** exponent;
  return table;
}

/** A 0-based rank drawn from a `zipfTable`. */
function draw(table: Float64Array, rng: Rng): number {
  const target = rng.next() * table[table.length - 1]!;
  let low = 0;
  let high = table.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (table[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The catalog's order for a sort (the id breaks ties, as the keyset does); close to PostgreSQL's, which is enough for a workload. */
function sortedCourses(courses: readonly PublishedCourse[], sort: CatalogSort): PublishedCourse[] {
  const { column, direction } = parseSort(sort);
  const sign = direction === 'ASC' ? 1 : -1;
  const compare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...courses].sort((a, b) => sign * (compare(a[column], b[column]) || compare(a.id, b.id)));
}

interface Listing {
  path: string;
  courses: PublishedCourse[];
}

type Catalog = Pick<CatalogDatabase, 'categories' | 'published'>;

/** Deterministic for a seed: the same catalog and seed give the same sequence of paths. */
export function browsePaths(catalog: Catalog, seed: number): () => string {
  const rng = Rng.stream(seed, 'browse');
  const sorts = [...CATALOG_SORTS];
  const sortWeights = sorts.map((sort) => BROWSE_MIX.sortWeights[sort]);
  const categoryWeights = catalog.categories.map((category) => category.published);
  const sum = (weights: number[]): number => weights.reduce((total, weight) => total + weight, 0);
  const [sortTotal, categoryTotal] = [sum(sortWeights), sum(categoryWeights)];
  const orders = new Map<string, PublishedCourse[]>();
  const ordered = (category: string | undefined, sort: CatalogSort): PublishedCourse[] => {
    const key = `${category ?? ''}|${sort}`;
    let courses = orders.get(key);
    if (!courses) {
      const subset = category === undefined ? catalog.published : catalog.published.filter((c) => c.category === category);
      orders.set(key, (courses = sortedCourses(subset, sort)));
    }
    return courses;
  };
  const pageTables = new Map<number, Float64Array>();
  const pageTable = (pages: number): Float64Array => {
    if (!pageTables.has(pages)) pageTables.set(pages, zipfTable(pages, BROWSE_MIX.pageExponent));
    return pageTables.get(pages)!;
  };
  const positionTable = zipfTable(PAGE_SIZE, BROWSE_MIX.positionExponent);
  const byPopularity = rng.shuffle([...catalog.published]);
  const popularityTable = zipfTable(byPopularity.length, BROWSE_MIX.courseExponent);

  const listing = (): Listing => {
    const sort = sorts[rng.weighted(sortWeights, sortTotal)]!;
    const category = rng.chance(BROWSE_MIX.allCategoriesShare)
      ? undefined
      : catalog.categories[rng.weighted(categoryWeights, categoryTotal)]!.name;
    const courses = ordered(category, sort);
    const pages = Math.max(1, Math.min(MAX_PAGE_OFFSET / PAGE_SIZE, Math.ceil(courses.length / PAGE_SIZE)));
    const page = draw(pageTable(pages), rng) + 1;
    const filter = category === undefined ? '' : `category=${encodeURIComponent(category)}&`;
    const path = `/api/courses?${filter}page=${page}&sort=${sort}`;
    return { path, courses: courses.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) };
  };
  const detail = (): string => {
    if (rng.chance(BROWSE_MIX.clickedFromListing)) {
      const { courses } = listing();
      const clicked = courses[Math.min(draw(positionTable, rng), courses.length - 1)];
      if (clicked) return `/api/courses/${clicked.id}`;
    }
    return `/api/courses/${byPopularity[draw(popularityTable, rng)]!.id}`;
  };
  return () => (rng.chance(BROWSE_MIX.detailShare) ? detail() : listing().path);
}
