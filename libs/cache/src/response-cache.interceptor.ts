import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnModuleInit,
} from '@nestjs/common';
import { GUARDS_METADATA, HEADERS_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import { opaqueEntityTag } from '@azora/http-cache';
import {
  CACHED_RESPONSE,
  isIdentityOnlyGuard,
  type CacheableRequest,
  type CachedResponseOptions,
} from './cached-response.decorator.js';
import { CACHE_SETTINGS, type CacheSettings } from './cache-settings.js';
import { EarlyCachedHits } from './early-cached-hits.js';
import { isStorable, replyWithEntry, responseLookup, X_CACHE, type ResponseEntry } from './response-entry.js';
import { VersionedCache } from './versioned-cache.js';

type Request = FastifyRequest & CacheableRequest;

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The API response layer, for routes marked `@CachedResponse`: GET only; a hit is answered without
 * running the handler; non-2xx answers (thrown or not) are never stored. `x-cache: hit|miss|bypass`.
 */
@Injectable()
export class ResponseCacheInterceptor implements NestInterceptor, OnModuleInit {
  /** Handlers whose hits may be answered before Nest: not per user, no guard but identity-only ones, no `@Header()`. */
  private readonly answerableEarly = new WeakSet<object>();

  constructor(
    private readonly reflector: Reflector,
    private readonly cache: VersionedCache,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(CACHE_SETTINGS) private readonly settings: CacheSettings,
    private readonly early: EarlyCachedHits,
  ) {}

  /** A guarded route that does not declare how it depends on the caller must not boot. */
  onModuleInit(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const prototype = (wrapper.instance as object | undefined) && Object.getPrototypeOf(wrapper.instance);
      if (!prototype) continue;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as object;
        const options = this.reflector.get<CachedResponseOptions | undefined>(CACHED_RESPONSE, handler as never);
        if (!options) continue;
        if (options.perUser && options.anonymousOnly) {
          throw new Error(`${wrapper.name}.${name}: @CachedResponse cannot be both perUser and anonymousOnly`);
        }
        const guarded = this.reflector.getAllAndMerge<unknown[]>(GUARDS_METADATA, [handler as never, wrapper.metatype as never]);
        if (guarded.length > 0 && !options.perUser && !options.anonymousOnly) {
          throw new Error(`${wrapper.name}.${name} reads the caller's identity: @CachedResponse needs perUser or anonymousOnly`);
        }
        if (!options.perUser && guarded.every(isIdentityOnlyGuard) && !this.reflector.get(HEADERS_METADATA, handler as never)) {
          this.answerableEarly.add(handler);
        }
      }
    }
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const options = this.reflector.get<CachedResponseOptions | undefined>(CACHED_RESPONSE, context.getHandler());
    if (!options) return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const reply = http.getResponse<FastifyReply>();
    if (!this.cacheable(request, options)) {
      void reply.header(X_CACHE, 'bypass');
      return next.handle();
    }
    if (this.answerableEarly.has(context.getHandler())) this.early.learn(request, options);
    const lookup = this.cache.getOrCompute<ResponseEntry>({
      ...responseLookup(request, options),
      ttlMs: options.ttlSeconds !== undefined ? options.ttlSeconds * 1000 : this.settings.responseTtlMs,
      storable: isStorable,
      // Cached pages may come from replicas: not stored right after a write (see VersionedCache).
      fromReplica: true,
      skipCache: this.early.cacheFailedFor(request),
      compute: async () => {
        void reply.header(X_CACHE, 'miss'); // also on an error answer, which is never stored
        const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
        const type = reply.getHeader('content-type');
        const text = typeof body === 'string' ? body : (JSON.stringify(body) as string | undefined)!;
        return {
          status: reply.statusCode,
          type: typeof type === 'string' ? type : JSON_TYPE,
          body: text,
          ...(typeof text === 'string' ? { tag: opaqueEntityTag(text) } : {}),
        };
      },
    });
    return from(lookup).pipe(map(({ value, served }) => replyWithEntry(reply, value, served)));
  }

  private cacheable(request: Request, options: CachedResponseOptions): boolean {
    if (request.method !== 'GET' || !this.settings.responseEnabled) return false;
    if (options.perUser) return request.user !== undefined;
    // Not declared per user: never cache anything that knows the caller.
    return request.user === undefined && request.headers.authorization === undefined;
  }
}
