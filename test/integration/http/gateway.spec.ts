import { brotliDecompressSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../../../apps/gateway/src/gateway.js';
import { GatewayEnv } from '../../../apps/gateway/src/gateway.env.js';
import { bootHttpTestApp } from './http-test-app.js';

let app: NestFastifyApplication;
let gateway: FastifyInstance;

beforeAll(async () => {
  app = await bootHttpTestApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  gateway = buildGateway(Object.assign(new GatewayEnv(), { COURSE_URL: `http://127.0.0.1:${port}` }));
  await gateway.ready();
});

afterAll(async () => {
  await gateway?.close();
  await app?.close();
});

describe('through the gateway, as a CDN in front of it sees the catalog', () => {
  it('relays the compressed body, its ETag, Cache-Control and Vary as the service sent them', async () => {
    const direct = await app.inject({ method: 'GET', url: '/api/courses', headers: { 'accept-encoding': 'br' } });
    const relayed = await gateway.inject({ method: 'GET', url: '/api/courses', headers: { 'accept-encoding': 'br' } });
    expect(relayed.statusCode).toBe(200);
    expect(relayed.headers['content-encoding']).toBe('br');
    for (const header of ['etag', 'cache-control', 'vary']) expect(relayed.headers[header], header).toBe(direct.headers[header]);
    expect(relayed.headers['cache-control']).toBe('public, max-age=60');
    expect(brotliDecompressSync(relayed.rawPayload).equals(brotliDecompressSync(direct.rawPayload))).toBe(true);
  });

  it('passes If-None-Match on and the 304 back', async () => {
    const first = await gateway.inject({ method: 'GET', url: '/api/courses', headers: { 'accept-encoding': 'gzip' } });
    const revalidated = await gateway.inject({
      method: 'GET',
      url: '/api/courses',
      headers: { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) },
    });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.rawPayload.length).toBe(0);
    expect(revalidated.headers.etag).toBe(first.headers.etag);
    expect(revalidated.headers['cache-control']).toBe('public, max-age=60');
  });

  it('relays private, no-store to a caller with a token', async () => {
    const relayed = await gateway.inject({ method: 'GET', url: '/api/courses', headers: { authorization: 'Bearer a.b.c' } });
    expect(relayed.statusCode).toBe(200);
    expect(relayed.headers['cache-control']).toBe('private, no-store');
  });
});
