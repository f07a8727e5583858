import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { CACHE_POLICY_KEY, type CachePolicy } from './cache-policy.js';

const policies = new WeakMap<object, CachePolicy>();

/** The `@CacheControl` policy of the route that handled this request, if it has one. */
export const cachePolicyOf = (request: object): CachePolicy | undefined => policies.get(request);

/**
 * Records the route's `@CacheControl` policy against the request. It sets no header itself: the
 * onSend hook decides once the status is known, so an error thrown by the handler, or a guard's
 * 401 (guards run before interceptors, so the policy is never recorded), stays `private, no-store`.
 */
@Injectable()
export class CachePolicyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const policy = this.reflector.getAllAndOverride<CachePolicy | undefined>(CACHE_POLICY_KEY, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (policy) policies.set(context.switchToHttp().getRequest<object>(), policy);
    }
    return next.handle();
  }
}
