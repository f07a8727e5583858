import { SetMetadata } from '@nestjs/common';

export const CACHED_RESPONSE = 'azora:cached-response';

/** What a route's version namespaces are computed from. */
export interface CacheableRequest {
  params: Record<string, string | undefined>;
  user?: { id: string };
}

export interface CachedResponseOptions {
  /** Namespaces whose versions key the response; the writes that change it bump them. */
  versions: (request: CacheableRequest) => string[];
  /** Defaults to the response layer's TTL (`CACHE_RESPONSE_TTL_SECONDS`, 60 s). */
  ttlSeconds?: number;
  /** The response depends on the caller: the user id becomes part of the key. */
  perUser?: boolean;
  /**
   * For routes that know the caller when there is one (`@OptionallyAuthenticated()`): only anonymous
   * requests are cached, any request with credentials bypasses the cache.
   */
  anonymousOnly?: boolean;
}

const IDENTITY_ONLY_GUARD = 'azora:identity-only-guard';

/**
 * Marks a guard that only reads the caller's credentials (`Authorization`) and lets every request
 * without them through: a cached hit for a request without credentials may then be answered before
 * it runs (EarlyCachedHits). A route with any other guard is always answered through Nest.
 */
export const IdentityOnlyGuard = (): ClassDecorator => (target) => Reflect.defineMetadata(IDENTITY_ONLY_GUARD, true, target);

export const isIdentityOnlyGuard = (guard: unknown): boolean =>
  typeof guard === 'function' && Reflect.getMetadata(IDENTITY_ONLY_GUARD, guard) === true;

/**
 * Caches a GET route's 2xx responses in the API response layer. A guarded route (one that reads the
 * caller's identity) must say `perUser` or `anonymousOnly`: the app refuses to boot otherwise.
 */
export const CachedResponse = (options: CachedResponseOptions): MethodDecorator => SetMetadata(CACHED_RESPONSE, options);
