import type { FastifyReply, FastifyRequest } from 'fastify';
import { presetEntityTag } from '@azora/http-cache';
import { CacheKeys } from './cache-keys.js';
import type { CacheableRequest, CachedResponseOptions } from './cached-response.decorator.js';
import type { Served, StoredLookup } from './versioned-cache.js';

export const X_CACHE = 'x-cache';

/** What the response layer stores: the bytes as sent, with their status, type and entity tag. */
export interface ResponseEntry {
  status: number;
  type: string;
  body: string;
  /** `opaqueEntityTag(body)`, computed once when stored so that a hit is not hashed again (absent in older entries). */
  tag?: string;
}

export const isStorable = (entry: ResponseEntry): boolean =>
  entry.status >= 200 && entry.status < 300 && typeof entry.body === 'string';

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

/** Sets the status and headers of a served entry; returns the body to send. */
export function replyWithEntry(reply: FastifyReply, entry: ResponseEntry, served: Served): string | Buffer {
  void reply.header(X_CACHE, served).status(entry.status).header('content-type', entry.type);
  if (entry.tag === undefined || typeof entry.body !== 'string') return entry.body;
  presetEntityTag(reply, entry.tag);
  return bytesOf(entry);
}

/** Where a request's response is stored: the route label, the key (per user if declared) and its versions. */
export function responseLookup(request: FastifyRequest & CacheableRequest, options: CachedResponseOptions): StoredLookup {
  return {
    layer: 'response',
    route: `GET ${request.routeOptions.url ?? 'unmatched'}`,
    key: CacheKeys.response(request.url, options.perUser ? (request.user?.id ?? 'anonymous') : undefined),
    versions: options.versions(request),
  };
}
