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

interface LearnedRoute {
  options: CachedResponseOptions;
  policy: CachePolicy | undefined;
}

/**
 * Answers a cached hit for a request without credentials before Nest sees it: no middleware, guards,
 * pipes or interceptors run, which is most of what a hit costs (docs/caching.md). A route qualifies once the
 * response-cache interceptor has seen an anonymous request on it get through the route's guards, and
 * only for requests that interceptor would serve from the same key: GET, no `Authorization`, not
 * per-user. Anything else, a miss included, goes on to Nest as before, so what a client receives is
 * the same bytes and headers either way; a hit answered here is counted as a hit like any other.
 */
@Injectable()
export class EarlyCachedHits implements OnModuleInit {
  private readonly routes = new Map<string, LearnedRoute>();
  private readonly answered = new WeakSet<FastifyRequest>();

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
      if (this.answered.has(request)) afterAnswer(request, reply);
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

  private answer(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    const lookup = this.lookup(request);
    if (!lookup) return done();
    // A sent reply must not call done(): Fastify then skips the rest of the request's hooks and the handler.
    lookup.then((entry) => {
      if (!entry) return done();
      this.answered.add(request);
      recordCachePolicy(request, this.routes.get(request.routeOptions.url ?? '')?.policy);
      void reply.send(replyWithEntry(reply, entry, 'hit'));
    }, done);
  }

  /** The stored entry for this request, or undefined when Nest must handle it (not eligible, or a miss). */
  private lookup(request: FastifyRequest): Promise<ResponseEntry | undefined> | undefined {
    if (request.method !== 'GET' || request.headers.authorization !== undefined) return undefined;
    const route = this.routes.get(request.routeOptions.url ?? '');
    if (!route) return undefined;
    return this.cache.peek<ResponseEntry>(responseLookup(request as FastifyRequest & CacheableRequest, route.options));
  }
}
