import { randomBytes } from 'node:crypto';

const MAX_BASE_LENGTH = 60;

/** URL-safe, lowercase, ASCII: "Café & Crème 101" → "cafe-creme-101"; never empty. */
export function slugify(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_BASE_LENGTH)
    .replace(/^-+|-+$/g, '');
  return base || 'course';
}

export const randomSlugSuffix = (): string => randomBytes(4).toString('hex').slice(0, 6);

/** Titles repeat, slugs may not: a short random suffix keeps them unique (the unique index decides). */
export const courseSlug = (title: string, suffix: string = randomSlugSuffix()): string => `${slugify(title)}-${suffix}`;
