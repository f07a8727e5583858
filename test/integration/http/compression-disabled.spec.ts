import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootHttpTestApp } from './http-test-app.js';

let app: NestFastifyApplication;

beforeAll(async () => {
  app = await bootHttpTestApp({ HTTP_COMPRESSION_ENABLED: 'false' });
});

afterAll(async () => {
  await app?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('HTTP_COMPRESSION_ENABLED=false', () => {
  it('sends public and private bodies as they are, whatever the client accepts', async () => {
    for (const url of ['/api/http-test/catalog/0', '/api/http-test/catalog-private/0', '/api/http-test/large']) {
      const identity = await get(url);
      const asked = await get(url, { 'accept-encoding': 'br, gzip' });
      expect(asked.headers['content-encoding'], url).toBeUndefined();
      expect(asked.rawPayload.equals(identity.rawPayload), url).toBe(true);
      expect(String(asked.headers.vary ?? '')).not.toContain('accept-encoding');
    }
  });

  it('tags every body strongly, as it always leaves byte for byte, and still answers 304', async () => {
    const page = await get('/api/http-test/catalog/0', { 'accept-encoding': 'br' });
    expect(page.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(page.headers['cache-control']).toBe('public, max-age=60');
    const notModified = await get('/api/http-test/catalog/0', { 'if-none-match': String(page.headers.etag) });
    expect(notModified.statusCode).toBe(304);
  });
});
