import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiateEncoding } from './accept-encoding.js';
import type { CompressedBodies } from './compressed-bodies.js';

const COMPRESSIBLE_TYPE = /^(application\/([\w.+-]*\+)?json|text\/)/i;

/**
 * Whether the response is identical for everyone (`Cache-Control: public`, given only to anonymous
 * GETs of `@PublicCache` routes): only such bodies repeat across requests often enough for a
 * compress-once cache to pay, and only they may share compressed bytes between callers.
 */
function isPublicBody(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  threshold: number,
): payload is string | Buffer {
  if (request.method !== 'GET' || reply.statusCode < 200 || reply.statusCode >= 300 || reply.statusCode === 204) return false;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return false;
  if (Buffer.byteLength(payload) < threshold) return false;
  if (!/^public\b/.test(String(reply.getHeader('cache-control') ?? ''))) return false;
  if (reply.hasHeader('content-encoding') || reply.hasHeader('content-range')) return false;
  if (request.headers['x-no-compression'] !== undefined) return false;
  return COMPRESSIBLE_TYPE.test(String(reply.getHeader('content-type') ?? 'application/json'));
}

/**
 * A public body in the coding the client prefers, compressed once at high quality and then served
 * from memory (`CompressedBodies`); any other response is returned as it is, for `@fastify/compress`
 * to handle per request at its fast settings. Runs after the ETag is set, which keys the cache.
 */
export function encodePublicBody(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  bodies: CompressedBodies,
  threshold: number,
): unknown {
  if (!isPublicBody(request, reply, payload, threshold)) return payload;
  const etag = reply.getHeader('etag');
  const encoding = negotiateEncoding(request.headers['accept-encoding']);
  if (typeof etag !== 'string' || encoding === undefined) return payload;
  const encoded = bodies.encode(etag, payload, encoding);
  const send = (compressed: Buffer): Buffer => {
    void reply.header('content-encoding', encoding).header('content-length', compressed.length);
    return compressed;
  };
  return Buffer.isBuffer(encoded) ? send(encoded) : encoded.then(send);
}
