import { describe, expect, it } from 'vitest';
import { courseSlug, randomSlugSuffix, slugify } from './slug.js';

describe('slug', () => {
  it('makes lowercase ASCII words joined by dashes', () => {
    expect(slugify('  Café & Crème: Pâtisserie 101!  ')).toBe('cafe-creme-patisserie-101');
    expect(slugify('TypeScript -- The Good Parts')).toBe('typescript-the-good-parts');
  });

  it('is never empty and stays short', () => {
    expect(slugify('¿¡!?')).toBe('course');
    expect(slugify('日本語')).toBe('course');
    const long = slugify('word '.repeat(50));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('-')).toBe(false);
  });

  it('adds a short random suffix', () => {
    expect(courseSlug('Intro to Go', 'abc123')).toBe('intro-to-go-abc123');
    expect(randomSlugSuffix()).toMatch(/^[0-9a-f]{6}$/);
    expect(courseSlug('Intro to Go')).toMatch(/^intro-to-go-[0-9a-f]{6}$/);
    expect(new Set(Array.from({ length: 50 }, () => courseSlug('x'))).size).toBe(50);
  });
});
