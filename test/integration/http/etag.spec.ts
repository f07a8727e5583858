import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootHttpTestApp } from './http-test-app.js';

let app: NestFastifyApplication;

beforeAll(async () => {
  app = await bootHttpTestApp();
});

afterAll(async () => {
  await app?.close();
});

const request = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
  app.inject({ method, url, headers });

const STRONG = /^"[\w-]{27}"$/;
const WEAK = /^W\/"[\w-]{27}"$/;

describe('ETag', () => {
  it('is strong on a body under 1 KB, which always leaves as it is', async () => {
    const response = await request('/api/http-test/small');
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toMatch(STRONG);
  });

  it('is weak on a body that may leave compressed, and the same for every encoding', async () => {
    const identity = await request('/api/http-test/large');
    const gzip = await request('/api/http-test/large', { 'accept-encoding': 'gzip' });
    const br = await request('/api/http-test/large', { 'accept-encoding': 'br' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(identity.headers.etag).toMatch(WEAK);
    expect(gzip.headers.etag).toBe(identity.headers.etag);
    expect(br.headers.etag).toBe(identity.headers.etag);
  });

  it('follows the body: a different body has a different tag, the same body the same tag', async () => {
    const a = await request('/api/http-test/sized?bytes=2000');
    const again = await request('/api/http-test/sized?bytes=2000');
    const b = await request('/api/http-test/sized?bytes=2001');
    expect(again.headers.etag).toBe(a.headers.etag);
    expect(b.headers.etag).not.toBe(a.headers.etag);
  });

  it('is left off errors and writes', async () => {
    expect((await request('/api/http-test/me')).headers.etag).toBeUndefined();
    expect((await request('/api/http-test/catalog/99')).headers.etag).toBeUndefined();
    const created = await app.inject({ method: 'POST', url: '/api/http-test/items', payload: { a: 1 } });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBeUndefined();
  });
});

describe('If-None-Match', () => {
  it('answers the current tag with an empty 304 that keeps ETag, Cache-Control and Vary', async () => {
    for (const url of ['/api/http-test/small', '/api/http-test/large']) {
      const full = await request(url, { 'accept-encoding': 'br' });
      const notModified = await request(url, { 'accept-encoding': 'br', 'if-none-match': String(full.headers.etag) });
      expect(notModified.statusCode, url).toBe(304);
      expect(notModified.rawPayload.length).toBe(0);
      expect(notModified.headers.etag).toBe(full.headers.etag);
      expect(notModified.headers['cache-control']).toBe(full.headers['cache-control']);
      expect(notModified.headers['cache-control']).toBe('public, max-age=60');
      expect(notModified.headers.vary).toBe(full.headers.vary);
      expect(notModified.headers['content-encoding']).toBeUndefined();
      expect(notModified.headers['content-type']).toBeUndefined();
      expect(notModified.headers['content-length']).toBeUndefined();
    }
  });

  it('compares weakly, so a cache holding either variant revalidates it', async () => {
    const weak = String((await request('/api/http-test/large')).headers.etag);
    const strong = String((await request('/api/http-test/small')).headers.etag);
    expect((await request('/api/http-test/large', { 'if-none-match': weak.slice(2) })).statusCode).toBe(304);
    expect((await request('/api/http-test/small', { 'if-none-match': `W/${strong}` })).statusCode).toBe(304);
    expect((await request('/api/http-test/large', { 'accept-encoding': 'gzip', 'if-none-match': weak })).statusCode).toBe(304);
  });

  it('matches a tag anywhere in a list, and * for any current body', async () => {
    const etag = String((await request('/api/http-test/large')).headers.etag);
    expect((await request('/api/http-test/large', { 'if-none-match': `"old", W/"older",${etag}` })).statusCode).toBe(304);
    expect((await request('/api/http-test/large', { 'if-none-match': '*' })).statusCode).toBe(304);
  });

  it('serves the full body when nothing matches, or the header is malformed', async () => {
    const etag = String((await request('/api/http-test/large')).headers.etag);
    for (const header of ['"stale"', 'W/"stale", "older"', etag.replace(/^W\//, '').replace(/"/g, ''), `${etag}"`, '"']) {
      const response = await request('/api/http-test/large', { 'if-none-match': header });
      expect(response.statusCode, header).toBe(200);
      expect(response.json()).toMatchObject({ kind: 'large' });
      expect(response.headers.etag).toBe(etag);
    }
  });

  it('never turns an error into a 304', async () => {
    const response = await request('/api/http-test/catalog/99', { 'if-none-match': '*' });
    expect(response.statusCode).toBe(404);
  });

  it('applies to HEAD as to GET', async () => {
    const get = await request('/api/http-test/large');
    const head = await request('/api/http-test/large', {}, 'HEAD');
    expect(head.statusCode).toBe(200);
    expect(head.headers.etag).toBe(get.headers.etag);
    const notModified = await request('/api/http-test/large', { 'if-none-match': String(get.headers.etag) }, 'HEAD');
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
  });
});
