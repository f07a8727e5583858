import { hash } from 'node:crypto';

/**
 * The ETag of a serialized body: the SHA-1 of its identity bytes, base64url. Strong when the body
 * is under the compression threshold (it then always leaves byte for byte as hashed), weak when it
 * may also leave gzip- or brotli-encoded: a strong tag promises identical bytes, which different
 * content codings are not (RFC 9110, 8.8.3.3). Either way every encoding of one body carries the
 * same tag, so a cache can revalidate whichever variant it holds.
 */
export function entityTagFor(body: string | Buffer, compressionThresholdBytes: number): string {
  return formatEntityTag(opaqueEntityTag(body), Buffer.byteLength(body), compressionThresholdBytes);
}

/** The opaque, quoted part of a body's tag (`"<sha1 base64url>"`): what a cache can store with the body. */
export const opaqueEntityTag = (body: string | Buffer): string => `"${hash('sha1', body, 'base64url')}"`;

/** The tag of a body of `byteLength` bytes whose opaque tag is known: weak from the compression threshold. */
export const formatEntityTag = (opaque: string, byteLength: number, compressionThresholdBytes: number): string =>
  byteLength < compressionThresholdBytes ? opaque : `W/${opaque}`;

const KNOWN_TAG = Symbol('knownEntityTag');
type WithKnownTag = { [KNOWN_TAG]?: string };

/**
 * A producer that already knows the opaque tag of the body it is about to send (a response cache
 * that stored it with the body) hands it over, so the body is not hashed again on every request.
 * The tag must be `opaqueEntityTag` of exactly the bytes sent; weak or strong is still decided when
 * the response leaves.
 */
export function presetEntityTag(reply: object, opaque: string): void {
  (reply as WithKnownTag)[KNOWN_TAG] = opaque;
}

/** The opaque tag handed over by `presetEntityTag` for this reply, if any. */
export const presetEntityTagOf = (reply: object): string | undefined => (reply as WithKnownTag)[KNOWN_TAG];

/** `*`, or the opaque tags of an `If-None-Match` list: quotes kept, `W/` dropped. */
export type IfNoneMatch = '*' | string[];

const isEtagChar = (code: number): boolean => code === 0x21 || (code >= 0x23 && code <= 0x7e) || code >= 0x80;
const isSpace = (char: string | undefined): boolean => char === ' ' || char === '\t';

/**
 * Parses `If-None-Match` (RFC 9110, 13.1.2): `*` or a comma-separated list of entity tags, each
 * `"opaque"` or `W/"opaque"`; commas inside quotes belong to the tag. Anything malformed gives
 * `undefined`, and the request is then served in full, which is always correct.
 */
export function parseIfNoneMatch(header: string | undefined): IfNoneMatch | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const tags: string[] = [];
  let at = 0;
  for (;;) {
    // Empty list elements (`a, , b`) are allowed and skipped.
    while (isSpace(value[at]) || value[at] === ',') at++;
    if (at >= value.length) break;
    if (value.startsWith('W/', at)) at += 2;
    if (value[at] !== '"') return undefined;
    const close = value.indexOf('"', at + 1);
    if (close < 0) return undefined;
    for (let i = at + 1; i < close; i++) if (!isEtagChar(value.charCodeAt(i))) return undefined;
    tags.push(value.slice(at, close + 1));
    at = close + 1;
    while (isSpace(value[at])) at++;
    if (at < value.length && value[at] !== ',') return undefined;
  }
  return tags.length > 0 ? tags : undefined;
}

/** The opaque part of an entity tag, for weak comparison: `W/"x"` and `"x"` are the same tag. */
export const opaqueTag = (etag: string): string => (etag.startsWith('W/') ? etag.slice(2) : etag);

/**
 * Whether `If-None-Match` says the client already has the current representation, by weak
 * comparison as RFC 9110 requires for this header; `*` matches any current representation.
 */
export function ifNoneMatchMatches(header: string | undefined, currentEtag: string): boolean {
  const parsed = parseIfNoneMatch(header);
  if (parsed === undefined) return false;
  if (parsed === '*') return true;
  const current = opaqueTag(currentEtag);
  return parsed.includes(current);
}
