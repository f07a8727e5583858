import { brotliCompressSync, brotliDecompressSync, constants as zlib, gunzipSync, gzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_BROTLI_QUALITY, PUBLIC_GZIP_LEVEL } from '@azora/http-cache';
import { bootHttpTestApp, CATALOG_PAGES } from './http-test-app.js';

let app: NestFastifyApplication;

beforeAll(async () => {
  app = await bootHttpTestApp();
});

afterAll(async () => {
  await app?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const decode = (encoding: unknown, raw: Buffer): Buffer => (encoding === 'br' ? brotliDecompressSync(raw) : gunzipSync(raw));

/** What compressing once at the public settings gives: the bytes a public page must be sent as. */
const dense = (encoding: 'br' | 'gzip', body: Buffer): Buffer =>
  encoding === 'br'
    ? brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: PUBLIC_BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
      })
    : gzipSync(body, { level: PUBLIC_GZIP_LEVEL });

describe('a public page (Cache-Control: public)', () => {
  it.each(['br', 'gzip'] as const)(
    'is sent %s-compressed at the dense setting, the same bytes on every request',
    async (encoding) => {
      const identity = (await get('/api/http-test/catalog/1')).rawPayload;
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => get('/api/http-test/catalog/1', { 'accept-encoding': encoding })),
      );
      for (const response of responses) {
        expect(response.headers['content-encoding']).toBe(encoding);
        expect(response.headers['content-length']).toBe(String(response.rawPayload.length));
        expect(response.rawPayload.equals(dense(encoding, identity))).toBe(true);
        expect(decode(encoding, response.rawPayload).equals(identity)).toBe(true);
      }
    },
  );

  it('reaches 4× with brotli on every seeded page', async () => {
    for (let page = 0; page < CATALOG_PAGES.length; page++) {
      const identity = await get(`/api/http-test/catalog/${page}`);
      const br = await get(`/api/http-test/catalog/${page}`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(identity.rawPayload.length / br.rawPayload.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('keeps its ETag, Cache-Control and Vary, and still answers If-None-Match with a 304', async () => {
    const identity = await get('/api/http-test/catalog/2');
    const br = await get('/api/http-test/catalog/2', { 'accept-encoding': 'br' });
    expect(br.headers.etag).toBe(identity.headers.etag);
    expect(br.headers.etag).toMatch(/^W\//);
    expect(br.headers['cache-control']).toBe('public, max-age=60');
    expect(String(br.headers.vary).split(/\s*,\s*/)).toEqual(expect.arrayContaining(['accept-encoding', 'authorization']));
    const notModified = await get('/api/http-test/catalog/2', {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
    expect(notModified.headers['content-encoding']).toBeUndefined();
  });

  it('is sent as it is to a client that accepts neither coding, and HEAD stays uncompressed', async () => {
    const identity = await get('/api/http-test/catalog/0');
    for (const encoding of ['identity', 'deflate', 'zstd', 'br;q=0, gzip;q=0']) {
      const response = await get('/api/http-test/catalog/0', { 'accept-encoding': encoding });
      expect(response.headers['content-encoding'], encoding).toBeUndefined();
      expect(response.rawPayload.equals(identity.rawPayload)).toBe(true);
    }
    const head = await app.inject({ method: 'HEAD', url: '/api/http-test/catalog/0', headers: { 'accept-encoding': 'br' } });
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.headers['content-length']).toBe(String(identity.rawPayload.length));
  });
});

describe('a private response (the same bytes, not public)', () => {
  it('is compressed per request at the fast settings, never from the public cache', async () => {
    const publicBr = await get('/api/http-test/catalog/0', { 'accept-encoding': 'br' });
    const privateBr = await get('/api/http-test/catalog-private/0', { 'accept-encoding': 'br' });
    expect(privateBr.headers['cache-control']).toBe('private, no-store');
    expect(privateBr.headers['content-encoding']).toBe('br');
    expect(decode('br', privateBr.rawPayload).equals(decode('br', publicBr.rawPayload))).toBe(true);
    // Quality 4 per request: larger than the quality 11 the public page was compressed at once.
    expect(privateBr.rawPayload.length).toBeGreaterThan(publicBr.rawPayload.length);
  });

  it('includes a public route asked with credentials: it is private then, and so is its compression', async () => {
    const anonymous = await get('/api/http-test/catalog/0', { 'accept-encoding': 'br' });
    const withToken = await get('/api/http-test/catalog/0', { 'accept-encoding': 'br', authorization: 'Bearer x' });
    expect(withToken.headers['cache-control']).toBe('private, no-store');
    expect(withToken.rawPayload.equals(anonymous.rawPayload)).toBe(false);
    expect(decode('br', withToken.rawPayload).equals(decode('br', anonymous.rawPayload))).toBe(true);
  });
});

describe('negotiation', () => {
  it.each([
    'br',
    'gzip',
    'gzip, deflate, br',
    'gzip, deflate, br, zstd',
    'br;q=0.5, gzip;q=1',
    'br;q=0, gzip',
    'gzip;q=0.8, br;q=0.8',
    '*',
    'x-gzip',
    'BR',
    'identity',
    'deflate',
    'br;q=0, gzip;q=0',
    'gzip;q=abc, br;q=0.1',
  ])('picks what @fastify/compress picks for %j', async (acceptEncoding) => {
    const own = await get('/api/http-test/catalog/0', { 'accept-encoding': acceptEncoding });
    const plugin = await get('/api/http-test/catalog-private/0', { 'accept-encoding': acceptEncoding });
    expect(own.headers['content-encoding']).toBe(plugin.headers['content-encoding']);
  });
});
