import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import {
  CACHE_POLICY_KEY,
  CacheControl,
  NO_STORE,
  PRIVATE_NO_STORE,
  PublicCache,
  selectCacheControl,
  type CacheControlInput,
  type CachePolicy,
} from './cache-policy.js';

const PUBLIC_60: CachePolicy = { scope: 'public', maxAge: 60 };
const anonymousGet: CacheControlInput = { method: 'GET', statusCode: 200, authorized: false, underApi: true, policy: PUBLIC_60 };

describe(selectCacheControl.name, () => {
  it('gives a successful anonymous GET or HEAD on a route with a policy that policy, 304 included', () => {
    for (const method of ['GET', 'HEAD']) {
      for (const statusCode of [200, 203, 304]) {
        expect(selectCacheControl({ ...anonymousGet, method, statusCode })).toBe('public, max-age=60');
      }
    }
    expect(selectCacheControl({ ...anonymousGet, policy: { scope: 'public', maxAge: 0 } })).toBe('public, max-age=0');
  });

  it('never gives it to a request with Authorization', () => {
    expect(selectCacheControl({ ...anonymousGet, authorized: true })).toBe(PRIVATE_NO_STORE);
    expect(selectCacheControl({ ...anonymousGet, authorized: true, statusCode: 304 })).toBe(PRIVATE_NO_STORE);
  });

  it('never gives it to an error or a redirect', () => {
    for (const statusCode of [301, 302, 400, 401, 403, 404, 429, 500, 503]) {
      expect(selectCacheControl({ ...anonymousGet, statusCode }), String(statusCode)).toBe(PRIVATE_NO_STORE);
    }
  });

  it('is no-store for every method other than GET and HEAD, whatever else holds', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      expect(selectCacheControl({ ...anonymousGet, method })).toBe(NO_STORE);
      expect(selectCacheControl({ ...anonymousGet, method, statusCode: 400, authorized: true })).toBe(NO_STORE);
      expect(selectCacheControl({ ...anonymousGet, method, underApi: false })).toBe(NO_STORE);
    }
  });

  it('is private, no-store for any other /api GET, and no-store outside /api', () => {
    expect(selectCacheControl({ ...anonymousGet, policy: undefined })).toBe(PRIVATE_NO_STORE);
    expect(selectCacheControl({ ...anonymousGet, policy: undefined, underApi: false })).toBe(NO_STORE);
    expect(selectCacheControl({ ...anonymousGet, policy: undefined, underApi: false, statusCode: 503 })).toBe(NO_STORE);
  });
});

describe(CacheControl.name, () => {
  it('stores the policy as metadata a Reflector reads, on a method or a class', () => {
    class Controller {
      @PublicCache(60)
      list(): void {}
    }
    @CacheControl({ scope: 'public', maxAge: 300 })
    class Catalog {}
    const reflector = new Reflector();
    expect(reflector.get(CACHE_POLICY_KEY, Controller.prototype.list)).toEqual(PUBLIC_60);
    expect(reflector.get(CACHE_POLICY_KEY, Catalog)).toEqual({ scope: 'public', maxAge: 300 });
  });

  it('refuses a max-age that is not a whole, non-negative number of seconds', () => {
    for (const maxAge of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => PublicCache(maxAge)).toThrow(RangeError);
    }
  });
});
