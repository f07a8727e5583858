import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cachePolicyOf, recordCachePolicy, type CachePolicy } from '@azora/http-cache';
import type { CacheableRequest, CachedResponseOptions } from './cached-response.decorator.js';
import { CACHE_SETTINGS, type CacheSettings } from './cache-settings.js';
import { replyWithEntry, responseLookup, type ResponseEntry } from './response-entry.js';
import { VersionedCache } from './versioned-cache.js';

/** Called once an early answer has gone out: nothing Nest mounts (its request logger included) saw the request. */
export type AfterEarlyAnswer = (request: FastifyRequest, reply: FastifyReply) => void;
/** Optional provider of an `AfterEarlyAnswer` (the platform's request-line writer). */
export const AFTER_EARLY_ANSWER = Symbol('AFTER_EARLY_ANSWER');

/** Marks a request answered here (a property, not a WeakSet: it is set on every hit). */
const ANSWERED_EARLY = Symbol('answeredEarly');
type Marked = FastifyRequest & { [ANSWERED_EARLY]?: true };

interface LearnedRoute {
  options: CachedResponseOptions;
  policy: CachePolicy | undefined;
}

/**
 * Answers a cached hit for a request without credentials before Nest sees it: no middleware,
 * guards, pipes or interceptors run, which is most of what a hit costs (docs/caching.md).
 *
 * A route qualifies if it is not per-user, its only guards are `@IdentityOnlyGuard()` ones and it
 * sets no `@Header()` (checked at boot by the interceptor), once the interceptor has seen an
 * anonymous request on it get through those guards; and only requests that interceptor would serve
 * from the same key: GET, no `Authorization`. Global guards are not seen: an app that adds one
 * refusing anonymous requests must set `CACHE_EARLY_HITS=false`. Anything else, a miss included,
 * goes on to Nest as before, so a client receives the same bytes and headers either way; a hit
 * answered here is counted as a hit like any other.
 */
@Injectable()
export class EarlyCachedHits implements OnModuleInit {
  private readonly routes = new Map<string, LearnedRoute>();
  private readonly failed = new WeakSet<object>();

  constructor(
    private readonly cache: VersionedCache,
    @Inject(CACHE_SETTINGS) private readonly settings: CacheSettings,
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(AFTER_EARLY_ANSWER) private readonly afterAnswer?: AfterEarlyAnswer,
  ) {}

  /**
   * Installs the early answer in Nest's own slot for a request hook that runs before its middleware
   * (the one onRequest hook added ahead of middie): a hit skips the per-request logger and its
   * context too, so `AFTER_EARLY_ANSWER` gets to write the request line. Metrics and the onSend
   * hooks (ETag, compression, request id) still run. Runs during `init()`, before Fastify is ready.
   */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as unknown as FastifyAdapter | undefined;
    if (!this.enabled || typeof adapter?.setOnRequestHook !== 'function') return;
    adapter.setOnRequestHook((request, reply, done) => this.answer(request, reply, done));
    const afterAnswer = this.afterAnswer;
    if (!afterAnswer) return;
    adapter.getInstance().addHook('onResponse', (request, reply, done) => {
      if ((request as Marked)[ANSWERED_EARLY]) afterAnswer(request, reply);
      done();
    });
  }

  /** From the interceptor, for a request it caches for everyone: the route may be answered early from now on. */
  learn(request: FastifyRequest, options: CachedResponseOptions): void {
    const url = request.routeOptions.url;
    if (url !== undefined && !this.routes.has(url)) this.routes.set(url, { options, policy: cachePolicyOf(request) });
  }

  private get enabled(): boolean {
    return this.settings.responseEnabled && this.settings.earlyHits;
  }

  /**
   * Whether this request's early lookup found the cache failing: Nest's path then skips the cache
   * instead of paying the same timeout again and counting the same failure twice.
   */
  cacheFailedFor(request: object): boolean {
    return this.failed.has(request);
  }

  private answer(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    if (request.method !== 'GET' || request.headers.authorization !== undefined) return done();
    const route = this.routes.get(request.routeOptions.url ?? '');
    if (!route) return done();
    let lookup: Promise<ResponseEntry | undefined>;
    try {
      const stored = responseLookup(request as FastifyRequest & CacheableRequest, route.options);
      const held = this.cache.peekHeld<ResponseEntry>(stored);
      if (held) return this.send(request, reply, route.policy, held, done);
      lookup = this.cache.peek<ResponseEntry>(stored);
    } catch {
      return done(); // e.g. a versions() that throws on this request: Nest's path answers it with its own error
    }
    // A sent reply must not call done(): Fastify then skips the rest of the request's hooks and the handler.
    lookup.then(
      (entry) => (entry ? this.send(request, reply, route.policy, entry, done) : done()),
      () => {
        this.failed.add(request);
        done();
      },
    );
  }

  private send(
    request: FastifyRequest,
    reply: FastifyReply,
    policy: CachePolicy | undefined,
    entry: ResponseEntry,
    done: (error?: Error) => void,
  ): void {
    try {
      recordCachePolicy(request, policy);
      const body = replyWithEntry(reply, entry, 'hit');
      (request as Marked)[ANSWERED_EARLY] = true;
      void reply.send(body);
    } catch (error) {
      if (!reply.sent) done(error as Error);
    }
  }
}
