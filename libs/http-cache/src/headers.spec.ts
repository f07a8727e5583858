import { describe, expect, it } from 'vitest';
import { isUnderPrefix, mergeVary } from './headers.js';

describe(mergeVary.name, () => {
  it('starts Vary, or appends to it in lower case', () => {
    expect(mergeVary(undefined, 'accept-encoding')).toBe('accept-encoding');
    expect(mergeVary('Origin', 'accept-encoding')).toBe('origin, accept-encoding');
    expect(mergeVary(['Origin', 'Accept-Language, Cookie'], 'authorization')).toBe(
      'origin, accept-language, cookie, authorization',
    );
  });

  it('leaves Vary alone when the field is there in any case, or Vary is *', () => {
    expect(mergeVary('Accept-Encoding', 'accept-encoding')).toBeUndefined();
    expect(mergeVary('origin,accept-encoding', 'accept-encoding')).toBeUndefined();
    expect(mergeVary('*', 'accept-encoding')).toBeUndefined();
  });
});

describe(isUnderPrefix.name, () => {
  it('matches the prefix path and what is under it, query strings aside', () => {
    expect(isUnderPrefix('/api', '/api')).toBe(true);
    expect(isUnderPrefix('/api?x=1', '/api')).toBe(true);
    expect(isUnderPrefix('/api/courses?page=2', '/api')).toBe(true);
    expect(isUnderPrefix('/apiary', '/api')).toBe(false);
    expect(isUnderPrefix('/health/live', '/api')).toBe(false);
    expect(isUnderPrefix('/metrics?api', '/api')).toBe(false);
  });
});
