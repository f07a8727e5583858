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

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const varyOf = (value: unknown): string[] =>
  String(value)
    .toLowerCase()
    .split(/\s*,\s*/);
const BEARER = { authorization: 'Bearer a.b.c' };

describe('a @PublicCache(60) route', () => {
  it('may be stored by a CDN when the request is anonymous', async () => {
    for (const url of [
      '/api/http-test/small',
      '/api/http-test/large',
      '/api/http-test/catalog/0',
      '/api/http-test/public-or-mine',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('public, max-age=60');
    }
  });

  it('is private, no-store for a request with Authorization, valid or not, and says it varies by it', async () => {
    for (const headers of [BEARER, { authorization: 'Bearer not-a-token' }, { authorization: '' }]) {
      const response = await get('/api/http-test/public-or-mine', headers);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('private, no-store');
    }
    const personal = await get('/api/http-test/public-or-mine', BEARER);
    const anonymous = await get('/api/http-test/public-or-mine');
    expect(personal.json()).toMatchObject({ viewer: 'someone' });
    // A cache that stored the anonymous response must not hand it to a caller with a token.
    expect(varyOf(anonymous.headers.vary)).toEqual(expect.arrayContaining(['accept-encoding', 'authorization']));
  });

  it('is private, no-store when it fails, 4xx or 5xx', async () => {
    const notFound = await get('/api/http-test/catalog/99');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['cache-control']).toBe('private, no-store');
    const badParam = await get('/api/http-test/catalog/first');
    expect(badParam.statusCode).toBe(400);
    expect(badParam.headers['cache-control']).toBe('private, no-store');
    const failed = await get('/api/http-test/boom');
    expect(failed.statusCode).toBe(500);
    expect(failed.headers['cache-control']).toBe('private, no-store');
  });
});

describe('every other /api response', () => {
  it('is private, no-store on a 2xx GET, with or without Authorization', async () => {
    const anonymous = await get('/api/http-test/sized?bytes=100');
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers['cache-control']).toBe('private, no-store');
    const mine = await get('/api/http-test/me', BEARER);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['cache-control']).toBe('private, no-store');
  });

  it('is private, no-store on 4xx error bodies, the global filter’s and the unknown route’s', async () => {
    const unauthorized = await get('/api/http-test/me');
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.json()).toMatchObject({ statusCode: 401, code: 'AUTH.UNAUTHORIZED' });
    expect(unauthorized.headers['cache-control']).toBe('private, no-store');
    const unknown = await get('/api/http-test/nowhere');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['cache-control']).toBe('private, no-store');
  });

  it('is no-store on a POST, successful or rejected', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/http-test/items', payload: { a: 1 } });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/http-test/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['cache-control']).toBe('no-store');
  });
});

describe('outside /api', () => {
  it('health and metrics are no-store', async () => {
    for (const url of ['/health/live', '/metrics']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
  });
});
