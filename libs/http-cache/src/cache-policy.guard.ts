import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CACHE_POLICY_KEY, type CachePolicy } from './cache-policy.js';

// A property under a private symbol rather than a WeakMap: set on every cached hit, and a WeakMap
// entry per request costs a hash-table insert and ephemeron work in every GC.
const POLICY = Symbol('cachePolicy');
type WithPolicy = { [POLICY]?: CachePolicy };

/** The `@CacheControl` policy of the route that handled this request, if it has one. */
export const cachePolicyOf = (request: object): CachePolicy | undefined => (request as WithPolicy)[POLICY];

/** For a response served before Nest's guards run (a cached hit answered early): the policy its route recorded. */
export function recordCachePolicy(request: object, policy: CachePolicy | undefined): void {
  if (policy) (request as WithPolicy)[POLICY] = policy;
}

/**
 * Records the route's `@CacheControl` policy against the request, and never refuses one. A global
 * guard runs before every interceptor, so a response served by an interceptor (a response-cache hit)
 * carries the same policy as one the handler produced. It sets no header itself: the onSend hook
 * decides once the status is known, so any error (a later guard's 401 included) stays `private, no-store`.
 */
@Injectable()
export class CachePolicyRecorder implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const policy = this.reflector.getAllAndOverride<CachePolicy | undefined>(CACHE_POLICY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    recordCachePolicy(context.switchToHttp().getRequest<object>(), policy);
    return true;
  }
}
