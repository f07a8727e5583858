import { createHash } from 'node:crypto';

/**
 * Every key the shared cache writes, built here and nowhere else. All live under the configured
 * namespace (`azora:` by default):
 *
 * - `<ns>:v:<name>`                      version of a namespace (catalog, course:<id>, user:<id>:enrollments, epoch)
 * - `<ns>:<layer>:<key>@<versions>`      a cached value, only reachable while those versions are current
 * - `<ns>:lock:<layer>:<key>@<versions>` the short cross-process stampede lock for that value
 */
export const CacheKeys = {
  /** Bumped after an outage in which a write could not bump its own versions: invalidates everything. */
  EPOCH: 'epoch',
  version: (namespace: string, name: string): string => `${namespace}:v:${name}`,
  /** Without the namespace: cache-manager's store adds it. */
  value: (layer: string, key: string, versionTag: string): string => `${layer}:${key}@${versionTag}`,
  lock: (namespace: string, valueKey: string): string => `${namespace}:lock:${valueKey}`,
  /**
   * The response layer's key: path without trailing or doubled slashes, query parameters sorted by
   * name then value, and the user id on per-user routes. Long keys are hashed to keep Redis keys short.
   */
  response(url: string, userId?: string): string {
    // A line break never occurs in a request target (the HTTP parser rejects it): user and URL cannot blur.
    // Only URLs of a realistic length are kept: the memo's bound is in entries, so unique huge query strings must not fill it.
    if (url.length > MEMO_URL_MAX_LENGTH) return normalizeResponseKey(url, userId);
    const raw = `${userId ?? ''}\n${url}`;
    let key = normalizedKeys.get(raw);
    if (key === undefined) {
      key = normalizeResponseKey(url, userId);
      // A plain bound instead of an LRU: a full memo starts over, which costs one normalization per URL.
      if (normalizedKeys.size >= NORMALIZED_KEYS_MAX) normalizedKeys.clear();
      normalizedKeys.set(raw, key);
    }
    return key;
  },
};

/** Raw URLs repeat (a hit's key is the same every time): their normalized keys are kept, up to this many. */
const NORMALIZED_KEYS_MAX = 10_000;
/** 10,000 entries of at most this many characters: a few megabytes at worst. */
const MEMO_URL_MAX_LENGTH = 256;
const normalizedKeys = new Map<string, string>();

function normalizeResponseKey(url: string, userId: string | undefined): string {
  const [rawPath = '/', rawQuery = ''] = url.split('?', 2);
  const path = rawPath.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  const params = [...new URLSearchParams(rawQuery)].sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)));
  const query = new URLSearchParams(params).toString();
  const key = `${path}${query ? `?${query}` : ''}${userId ? `#u=${userId}` : ''}`;
  return key.length <= 200 ? key : `h:${createHash('sha256').update(key).digest('base64url')}`;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
