import { describe, expect, it } from 'vitest';
import { CacheKeys } from './cache-keys.js';
import { cacheNamespace } from './cache-settings.js';

describe('CacheKeys.response', () => {
  it('normalizes the path and sorts the query', () => {
    expect(CacheKeys.response('/api//courses/?sort=title&limit=5&fields=id')).toBe('/api/courses?fields=id&limit=5&sort=title');
    expect(CacheKeys.response('/api/courses?b=2&a=1&a=0')).toBe(CacheKeys.response('/api/courses?a=0&b=2&a=1'));
    expect(CacheKeys.response('/api/courses')).toBe('/api/courses');
  });

  it('separates users on per-user routes and never mixes them with the shared key', () => {
    const shared = CacheKeys.response('/api/enrollments/me?limit=5');
    const alice = CacheKeys.response('/api/enrollments/me?limit=5', 'alice');
    const bob = CacheKeys.response('/api/enrollments/me?limit=5', 'bob');
    expect(new Set([shared, alice, bob]).size).toBe(3);
  });

  it('gives the same key from its memo as when first normalized, and keeps users apart there too', () => {
    const url = `/api/courses/?z=${Math.random()}&a=1`;
    const first = CacheKeys.response(url);
    expect(CacheKeys.response(url)).toBe(first);
    expect(CacheKeys.response(url, 'alice')).toBe(`${first}#u=alice`);
    expect(CacheKeys.response(url)).toBe(first);
    expect(CacheKeys.response(`${url}#u=alice`)).not.toBe(CacheKeys.response(url, 'alice'));
  });

  it('hashes very long keys', () => {
    const key = CacheKeys.response(`/api/courses?q=${'x'.repeat(500)}`);
    expect(key).toMatch(/^h:[\w-]{43}$/);
  });
});

describe('cacheNamespace', () => {
  it('is the configured prefix for the default database, and adds any other database', () => {
    expect(cacheNamespace({ CACHE_NAMESPACE: 'azora', DATABASE_URL: 'postgres://u@h:5432/azora' })).toBe('azora');
    expect(cacheNamespace({ CACHE_NAMESPACE: 'azora', DATABASE_URL: 'postgres://u@h:5432/azora_t_x' })).toBe('azora:azora_t_x');
  });
});
