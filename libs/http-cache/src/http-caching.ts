import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import { Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { selectCacheControl } from './cache-policy.js';
import { cachePolicyOf, CachePolicyRecorder } from './cache-policy.guard.js';
import { entityTagFor, ifNoneMatchMatches } from './entity-tag.js';
import { isUnderPrefix, mergeVary } from './headers.js';

/** Bodies under this size are never compressed: the saving would not pay for the CPU and the headers. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
/** Measured on 20-course catalog pages (docs/http-caching.md): quality 5+ gains 5 % size for 30 % more CPU. */
export const BROTLI_QUALITY = 4;
/** zlib's default: level 9 gains under 1 % on catalog pages for 25 % more CPU, level 1 loses 7 %. */
export const GZIP_LEVEL = 6;

export interface HttpCachingOptions {
  /** Paths under it default to `private, no-store`; others (health, metrics) to `no-store`. E.g. `/api`. */
  apiPrefix: string;
}

/**
 * Response compression (brotli or gzip, from 1 KB), ETag with `If-None-Match` → 304, and
 * Cache-Control from `@CacheControl` / `@PublicCache` with safe defaults. Call before `init()`:
 * compression is attached to each route as Nest registers it.
 */
export async function useHttpCaching(app: NestFastifyApplication, options: HttpCachingOptions): Promise<void> {
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
    zlibOptions: { level: GZIP_LEVEL },
    // Response compression only: request bodies stay as they were (no inflating of client uploads).
    globalDecompression: false,
  });
  app.useGlobalGuards(new CachePolicyRecorder(app.get(Reflector)));
  // Instance-level onSend hooks run before the route-level one @fastify/compress adds, so this
  // hook sees the serialized identity body: the ETag is the same whatever the encoding.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      applyCacheControl(request, reply, isUnderPrefix(request.url, options.apiPrefix));
      appendVary(reply, 'accept-encoding');
      if (cachePolicyOf(request)) appendVary(reply, 'authorization');
      done(null, conditional(request, reply, payload));
    });
}

function applyCacheControl(request: FastifyRequest, reply: FastifyReply, underApi: boolean): void {
  // A header the handler set itself is kept, except on errors, which are never stored.
  if (reply.statusCode < 400 && reply.hasHeader('cache-control')) return;
  const value = selectCacheControl({
    method: request.method,
    statusCode: reply.statusCode,
    authorized: request.headers.authorization !== undefined,
    underApi,
    policy: cachePolicyOf(request),
  });
  void reply.header('cache-control', value);
}

/** Tags a 2xx GET/HEAD body and answers a matching `If-None-Match` with an empty 304. */
function conditional(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
  const status = reply.statusCode;
  if (status < 200 || status >= 300 || status === 204 || status === 206) return payload;
  // Streams are not buffered to be hashed: they go out untagged.
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  const existing = reply.getHeader('etag');
  const etag = typeof existing === 'string' ? existing : entityTagFor(payload, COMPRESSION_THRESHOLD_BYTES);
  void reply.header('etag', etag);
  if (!ifNoneMatchMatches(request.headers['if-none-match'], etag)) return payload;
  // RFC 9110, 15.4.5: keep ETag, Cache-Control and Vary; drop what describes the absent body.
  void reply.code(304);
  for (const header of ['content-type', 'content-length', 'content-encoding']) reply.removeHeader(header);
  // Fastify's HEAD handler, which runs next, measures the body for Content-Length and then drops
  // it: handing it the body keeps that header equal to the 200's, as RFC 9110 (8.6) allows.
  return request.method === 'HEAD' ? payload : null;
}

function appendVary(reply: FastifyReply, field: string): void {
  const merged = mergeVary(reply.getHeader('vary'), field);
  if (merged !== undefined) void reply.header('vary', merged);
}
