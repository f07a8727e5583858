import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSION_THRESHOLD_BYTES } from '@azora/http-cache';
import { bootHttpTestApp, CATALOG_PAGES } from './http-test-app.js';

let app: NestFastifyApplication;

beforeAll(async () => {
  app = await bootHttpTestApp();
});

afterAll(async () => {
  await app?.close();
});

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

const decode = (encoding: unknown, raw: Buffer): Buffer => {
  if (encoding === 'br') return brotliDecompressSync(raw);
  if (encoding === 'gzip') return gunzipSync(raw);
  throw new Error(`unexpected content-encoding ${String(encoding)}`);
};

describe('the 1 KB threshold', () => {
  it('leaves a body of 1023 bytes as it is, and compresses one of 1024', async () => {
    const under = await get(`/api/http-test/sized?bytes=${COMPRESSION_THRESHOLD_BYTES - 1}`, 'br, gzip');
    expect(under.headers['content-encoding']).toBeUndefined();
    expect(under.rawPayload.length).toBe(1023);

    const at = await get(`/api/http-test/sized?bytes=${COMPRESSION_THRESHOLD_BYTES}`, 'br, gzip');
    expect(at.headers['content-encoding']).toBe('br');
    expect(decode('br', at.rawPayload).length).toBe(1024);
    expect(at.rawPayload.length).toBeLessThan(1024);
  });

  it('never compresses the ~500-byte response, whatever the client accepts', async () => {
    for (const encoding of ['gzip', 'br', 'gzip, deflate, br, zstd', '*']) {
      const response = await get('/api/http-test/small', encoding);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.rawPayload.length).toBeGreaterThan(400);
      expect(response.rawPayload.length).toBeLessThan(COMPRESSION_THRESHOLD_BYTES);
    }
  });
});

describe('a 20 KB response', () => {
  it('comes back byte for byte the same through gzip and through brotli', async () => {
    const identity = await get('/api/http-test/large');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.rawPayload.length).toBeGreaterThan(20_000);

    for (const encoding of ['gzip', 'br']) {
      const response = await get('/api/http-test/large', encoding);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers['content-type']).toBe(identity.headers['content-type']);
      expect(response.rawPayload.length).toBeLessThan(identity.rawPayload.length / 4);
      expect(decode(encoding, response.rawPayload).equals(identity.rawPayload)).toBe(true);
    }
  });

  it('prefers brotli when both are offered, but follows the q-values the client gives', async () => {
    expect((await get('/api/http-test/large', 'gzip, deflate, br')).headers['content-encoding']).toBe('br');
    expect((await get('/api/http-test/large', 'gzip, deflate, br, zstd')).headers['content-encoding']).toBe('br');
    expect((await get('/api/http-test/large', 'br;q=0.5, gzip;q=1')).headers['content-encoding']).toBe('gzip');
    expect((await get('/api/http-test/large', 'br;q=0, gzip')).headers['content-encoding']).toBe('gzip');
  });

  it('is sent as it is when the client offers no supported coding', async () => {
    for (const encoding of [undefined, 'identity', 'deflate', 'zstd', 'br;q=0, gzip;q=0']) {
      const response = await get('/api/http-test/large', encoding);
      expect(response.headers['content-encoding'], String(encoding)).toBeUndefined();
      expect(response.json()).toMatchObject({ kind: 'large' });
    }
  });

  it('says it varies by Accept-Encoding, compressed or not', async () => {
    for (const encoding of [undefined, 'gzip', 'br']) {
      const vary = String((await get('/api/http-test/large', encoding)).headers.vary).toLowerCase();
      expect(vary.split(/\s*,\s*/)).toContain('accept-encoding');
    }
  });

  it('leaves a small error body uncompressed, like any other small body', async () => {
    const response = await get('/api/http-test/me', 'gzip');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-encoding']).toBeUndefined();
  });
});

describe('a 20-course catalog page', () => {
  /**
   * Real pages (seed data: two random UUIDs and two millisecond timestamps per course). Public pages
   * are compressed once at brotli 11 / gzip 9 (public-compression.spec.ts): brotli reaches the
   * issue's 4×, gzip cannot on these rows at any level (3.5–3.9×, docs/http-caching.md).
   */
  const MIN_RATIO = { br: 4, gzip: 3.4 };

  it.each(['br', 'gzip'] as const)('shrinks at least %s-fold as served, and decodes to the same bytes', async (encoding) => {
    for (let page = 0; page < CATALOG_PAGES.length; page++) {
      const identity = await get(`/api/http-test/catalog/${page}`);
      const compressed = await get(`/api/http-test/catalog/${page}`, encoding);
      expect(identity.rawPayload.length).toBeGreaterThan(8_000);
      expect(decode(encoding, compressed.rawPayload).equals(identity.rawPayload)).toBe(true);
      const ratio = identity.rawPayload.length / compressed.rawPayload.length;
      if (process.env.HTTP_CACHE_REPORT)
        console.log(
          `${encoding} page ${page}: ${identity.rawPayload.length} → ${compressed.rawPayload.length} = ${ratio.toFixed(2)}×`,
        );
      expect(ratio, `page ${page}: ${identity.rawPayload.length} → ${compressed.rawPayload.length} bytes`).toBeGreaterThanOrEqual(
        MIN_RATIO[encoding],
      );
    }
  });
});
