import { SetMetadata } from '@nestjs/common';

/**
 * What a route lets caches do with its successful GET responses to anonymous callers. Only the
 * public scope exists: everything else is `private, no-store` by default, which is what user data
 * must be.
 */
export interface CachePolicy {
  readonly scope: 'public';
  /** Seconds a browser or CDN may serve the stored response without asking again. */
  readonly maxAge: number;
}

export const CACHE_POLICY_KEY = 'azora:http-cache-policy';

/** Responses that must not be stored anywhere (writes, health, metrics). */
export const NO_STORE = 'no-store';
/** The default for `/api` responses: possibly personal, so neither shared nor kept by the browser. */
export const PRIVATE_NO_STORE = 'private, no-store';

/**
 * The route's successful GET/HEAD responses may be stored by any cache (a CDN included) for as
 * long as the policy says, but only when the request carries no `Authorization` header: a
 * request with one gets `private, no-store`, as do all error responses.
 */
export function CacheControl(policy: CachePolicy): MethodDecorator & ClassDecorator {
  if (!Number.isSafeInteger(policy.maxAge) || policy.maxAge < 0) {
    throw new RangeError(`CacheControl: maxAge must be a whole number of seconds >= 0, got ${policy.maxAge}`);
  }
  return SetMetadata(CACHE_POLICY_KEY, policy);
}

/** `@PublicCache(60)`: `Cache-Control: public, max-age=60` for anonymous callers (see `CacheControl`). */
export const PublicCache = (maxAgeSeconds: number): MethodDecorator & ClassDecorator =>
  CacheControl({ scope: 'public', maxAge: maxAgeSeconds });

export function formatCachePolicy(policy: CachePolicy): string {
  return `${policy.scope}, max-age=${policy.maxAge}`;
}

export interface CacheControlInput {
  method: string;
  statusCode: number;
  /** The request carries an `Authorization` header, whatever its value. */
  authorized: boolean;
  /** The path is under the API prefix (health and metrics are not). */
  underApi: boolean;
  /** The route's `@CacheControl` policy, if any. */
  policy: CachePolicy | undefined;
}

const isReadMethod = (method: string): boolean => method === 'GET' || method === 'HEAD';
/** 304 stands for the 200 it replaces, so it carries the same Cache-Control. */
const isSuccess = (statusCode: number): boolean => (statusCode >= 200 && statusCode < 300) || statusCode === 304;

/**
 * The Cache-Control a response gets:
 * - writes and other non-GET/HEAD methods: `no-store`;
 * - a successful GET/HEAD on a route with a policy, without `Authorization`: the policy;
 * - anything else under `/api` (authorized, undecorated, errors): `private, no-store`;
 * - anything else outside `/api` (health, metrics): `no-store`.
 */
export function selectCacheControl(input: CacheControlInput): string {
  if (!isReadMethod(input.method)) return NO_STORE;
  if (input.policy && !input.authorized && isSuccess(input.statusCode)) return formatCachePolicy(input.policy);
  return input.underApi ? PRIVATE_NO_STORE : NO_STORE;
}
