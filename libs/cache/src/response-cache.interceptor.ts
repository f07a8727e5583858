import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnModuleInit,
} from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import { opaqueEntityTag, presetEntityTag } from '@azora/http-cache';
import { CacheKeys } from './cache-keys.js';
import { CACHED_RESPONSE, type CacheableRequest, type CachedResponseOptions } from './cached-response.decorator.js';
import { CACHE_SETTINGS, type CacheSettings } from './cache-settings.js';
import { VersionedCache, type Served } from './versioned-cache.js';

export const X_CACHE = 'x-cache';

/** What the response layer stores: the bytes as sent, with their status, type and entity tag. */
export interface ResponseEntry {
  status: number;
  type: string;
  body: string;
  /** `opaqueEntityTag(body)`, computed once when stored so that a hit is not hashed again (absent in older entries). */
  tag?: string;
}

type Request = FastifyRequest & CacheableRequest;

const JSON_TYPE = 'application/json; charset=utf-8';
const isStorable = (entry: ResponseEntry): boolean => entry.status >= 200 && entry.status < 300 && typeof entry.body === 'string';

/**
 * The bytes of an entry, encoded once per entry object: an entry served from the in-process layer is
 * the same object on every hit, so its body is not re-encoded to UTF-8 per request.
 */
const encodedBodies = new WeakMap<ResponseEntry, Buffer>();
function bytesOf(entry: ResponseEntry): Buffer {
  let bytes = encodedBodies.get(entry);
  if (!bytes) {
    bytes = Buffer.from(entry.body);
    encodedBodies.set(entry, bytes);
  }
  return bytes;
}

/**
 * The API response layer, for routes marked `@CachedResponse`: GET only; a hit is answered without
 * running the handler; non-2xx answers (thrown or not) are never stored. `x-cache: hit|miss|bypass`.
 */
@Injectable()
export class ResponseCacheInterceptor implements NestInterceptor, OnModuleInit {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: VersionedCache,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(CACHE_SETTINGS) private readonly settings: CacheSettings,
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
    const route = request.routeOptions.url ?? 'unmatched';
    const lookup = this.cache.getOrCompute<ResponseEntry>({
      layer: 'response',
      route: `GET ${route}`,
      key: CacheKeys.response(request.url, options.perUser ? (request.user?.id ?? 'anonymous') : undefined),
      versions: options.versions(request),
      ttlMs: options.ttlSeconds !== undefined ? options.ttlSeconds * 1000 : this.settings.responseTtlMs,
      storable: isStorable,
      // Cached pages may come from replicas: not stored right after a write (see VersionedCache).
      fromReplica: true,
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
    return from(lookup).pipe(map(({ value, served }) => this.send(reply, value, served)));
  }

  private cacheable(request: Request, options: CachedResponseOptions): boolean {
    if (request.method !== 'GET' || !this.settings.responseEnabled) return false;
    if (options.perUser) return request.user !== undefined;
    // Not declared per user: never cache anything that knows the caller.
    return request.user === undefined && request.headers.authorization === undefined;
  }

  private send(reply: FastifyReply, entry: ResponseEntry, served: Served): string | Buffer {
    void reply.header(X_CACHE, served).status(entry.status).header('content-type', entry.type);
    if (entry.tag === undefined || typeof entry.body !== 'string') return entry.body;
    presetEntityTag(reply, entry.tag);
    return bytesOf(entry);
  }
}
