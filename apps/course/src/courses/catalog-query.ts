import { filtersHash, type CursorScope, type CursorValueType } from '../common/cursor.js';

/** Field names a catalog client may ask for with `fields=`: those of the course response. */
export const COURSE_FIELDS = [
  'id',
  'title',
  'slug',
  'description',
  'category',
  'priceCents',
  'currency',
  'instructorId',
  'lessonCount',
  'createdAt',
  'updatedAt',
] as const;
export type CourseField = (typeof COURSE_FIELDS)[number];

export const CATALOG_SORTS = ['createdAt', '-createdAt', 'title', '-title', 'priceCents', '-priceCents'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];
export const DEFAULT_CATALOG_SORT: CatalogSort = '-createdAt';

export type SortColumn = 'createdAt' | 'title' | 'priceCents';

export interface CatalogOrder {
  column: SortColumn;
  direction: 'ASC' | 'DESC';
}

export const SORT_VALUE_TYPES: Record<SortColumn, CursorValueType> = {
  createdAt: 'timestamptz',
  title: 'text',
  priceCents: 'integer',
};

export function parseSort(sort: CatalogSort): CatalogOrder {
  return sort.startsWith('-')
    ? { column: sort.slice(1) as SortColumn, direction: 'DESC' }
    : { column: sort as SortColumn, direction: 'ASC' };
}

export interface CatalogListing {
  sort: CatalogSort;
  category?: string;
  q?: string;
}

/** A catalog cursor holds for the sort and filters it was issued with; an empty filter means none. */
export const catalogCursorScope = ({ sort, category, q }: CatalogListing): CursorScope => ({
  sort,
  filters: filtersHash('catalog', sort, category || undefined, q || undefined),
  valueType: SORT_VALUE_TYPES[parseSort(sort).column],
});

/**
 * `fields=id,title` (or the parameter repeated) as a list; validation happens afterwards against
 * COURSE_FIELDS, so an empty item ("id,,title") stays in to be rejected rather than ignored.
 */
export function splitFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]));
  return typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
}

/** Only the asked-for fields, in allowlist order; all of them when none were asked for. */
export function pickFields<T extends Record<CourseField, unknown>>(
  course: T,
  fields: readonly CourseField[] | undefined,
): Partial<T> {
  if (!fields) return course;
  return Object.fromEntries(
    COURSE_FIELDS.filter((field) => fields.includes(field)).map((field) => [field, course[field]]),
  ) as Partial<T>;
}

/** `q` is matched with ILIKE: its own `%`, `_` and `\` must match literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);
