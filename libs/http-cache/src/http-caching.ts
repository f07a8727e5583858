import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import { Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import { selectCacheControl } from './cache-policy.js';
import { cachePolicyOf, CachePolicyRecorder } from './cache-policy.guard.js';
import { CompressedBodies } from './compressed-bodies.js';
import { entityTagFor, formatEntityTag, ifNoneMatchMatches, presetEntityTagOf } from './entity-tag.js';
import { isUnderPrefix, mergeVary } from './headers.js';
import { encodePublicBody } from './public-encoding.js';

/** Bodies under this size are never compressed: the saving would not pay for the CPU and the headers. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
/**
 * Per-request settings, for bodies that are not public (those are compressed once, densely: see
 * CompressedBodies). Measured on 20-course catalog pages (docs/http-caching.md): brotli 5+ gains 5 %
 * size for 30 % more CPU; gzip 6 is zlib's default, 9 gains under 1 % for 25 % more CPU.
 */
export const BROTLI_QUALITY = 4;
export const GZIP_LEVEL = 6;

export interface HttpCachingOptions {
  /** Paths under it default to `private, no-store`; others (health, metrics) to `no-store`. E.g. `/api`. */
  apiPrefix: string;
  /**
   * Response compression; defaults to the service's `HTTP_COMPRESSION_ENABLED` (true when the app
   * has no configuration). Off, every body leaves as it is and carries a strong ETag.
   */
  compression?: boolean;
}

function compressionConfigured(app: NestFastifyApplication): boolean {
  try {
    return app.get<BaseEnv>(APP_CONFIG, { strict: false }).HTTP_COMPRESSION_ENABLED;
  } catch {
    return true; // No configuration module (a bare test app): the production default.
  }
}

/**
 * Response compression (brotli or gzip, from 1 KB), ETag with `If-None-Match` → 304, and
 * Cache-Control from `@CacheControl` / `@PublicCache` with safe defaults. Call before `init()`:
 * compression is attached to each route as Nest registers it.
 */
export async function useHttpCaching(app: NestFastifyApplication, options: HttpCachingOptions): Promise<void> {
  const compression = options.compression ?? compressionConfigured(app);
  if (compression) {
    await app.register(compress, {
      encodings: ['br', 'gzip'],
      threshold: COMPRESSION_THRESHOLD_BYTES,
      brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
      zlibOptions: { level: GZIP_LEVEL },
      // Response compression only: request bodies stay as they were (no inflating of client uploads).
      globalDecompression: false,
    });
  }
  app.useGlobalGuards(new CachePolicyRecorder(app.get(Reflector)));
  // Without compression every body leaves byte for byte as hashed: its tag can always be strong.
  const weakFrom = compression ? COMPRESSION_THRESHOLD_BYTES : Number.POSITIVE_INFINITY;
  const publicBodies = compression ? new CompressedBodies() : undefined;
  // Instance-level onSend hooks run before the route-level one @fastify/compress adds, so this
  // hook sees the serialized identity body: the ETag is the same whatever the encoding. A public
  // body it encodes itself carries Content-Encoding, which the plugin then leaves alone.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      applyCacheControl(request, reply, isUnderPrefix(request.url, options.apiPrefix));
      appendVary(reply, compression ? 'accept-encoding' : undefined, cachePolicyOf(request) ? 'authorization' : undefined);
      const body = conditional(request, reply, payload, weakFrom);
      const encoded = publicBodies ? encodePublicBody(request, reply, body, publicBodies, COMPRESSION_THRESHOLD_BYTES) : body;
      if (encoded instanceof Promise) encoded.then((value) => done(null, value), done);
      else done(null, encoded);
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
function conditional(request: FastifyRequest, reply: FastifyReply, payload: unknown, weakFrom: number): unknown {
  if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
  const status = reply.statusCode;
  if (status < 200 || status >= 300 || status === 204 || status === 206) return payload;
  // Streams are not buffered to be hashed: they go out untagged.
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  const existing = reply.getHeader('etag');
  const etag = typeof existing === 'string' ? existing : taggedBody(reply, payload, weakFrom);
  void reply.header('etag', etag);
  if (!ifNoneMatchMatches(request.headers['if-none-match'], etag)) return payload;
  // RFC 9110, 15.4.5: keep ETag, Cache-Control and Vary; drop what describes the absent body.
  void reply.code(304);
  for (const header of ['content-type', 'content-length', 'content-encoding']) reply.removeHeader(header);
  // Fastify's HEAD handler, which runs next, measures the body for Content-Length and then drops
  // it: handing it the body keeps that header equal to the 200's, as RFC 9110 (8.6) allows.
  return request.method === 'HEAD' ? payload : null;
}

function taggedBody(reply: FastifyReply, payload: string | Buffer, weakFrom: number): string {
  const preset = presetEntityTagOf(reply);
  return preset === undefined ? entityTagFor(payload, weakFrom) : formatEntityTag(preset, Buffer.byteLength(payload), weakFrom);
}

function appendVary(reply: FastifyReply, ...fields: (string | undefined)[]): void {
  const current = reply.getHeader('vary');
  let merged = current;
  for (const field of fields) if (field !== undefined) merged = mergeVary(merged, field) ?? merged;
  if (merged !== current) void reply.header('vary', merged!);
}
