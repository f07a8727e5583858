import http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '@azora/routing';
import { UPSTREAM_CONCURRENCY } from './gateway.js';

/** A gateway under test, listening: the Node one or HAProxy, started against the given upstreams. */
export interface GatewayUnderTest {
  url: string;
  close(): Promise<void>;
}

export type StartGateway = (upstreams: Record<ServiceName, string>) => Promise<GatewayUnderTest>;

/** Requests held under /api/courses/held right now, the most seen at once, and what lets them go. */
const held = { now: 0, peak: 0, release: Promise.resolve() };

/**
 * An upstream that answers with what it received, a 503 of its own under /api/auth/unready, and
 * under /api/courses/held only once the test lets it, counting how many requests it holds at once.
 */
async function echoUpstream(name: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/api/courses/held', async () => {
    held.peak = Math.max(held.peak, ++held.now);
    await held.release;
    held.now -= 1;
    return { held: true };
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.get('/api/auth/unready', async (_request, reply) => reply.status(503).send({ code: 'HEALTH.NOT_READY' }));
  // A header some gateway might use internally must not change a service's own answer.
  app.get('/api/auth/marked', async (_request, reply) => reply.header('x-gateway-error', '1').send({ marked: true }));
  app.all('/*', async (request) => ({
    upstream: name,
    url: request.url,
    body: request.body ?? null,
    requestId: request.headers['x-request-id'],
    forwardedHost: request.headers['x-forwarded-host'],
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GET through node:http, which can send one header on several lines (fetch joins them). */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}${path}`, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

/** A POST that announces `contentLength` bytes and sends none of them, on a connection of its own. */
function headersOnly(base: string, path: string, contentLength: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': String(contentLength) };
    const request = http.request(`${base}${path}`, { method: 'POST', headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

const urlOf = (app: FastifyInstance): string => {
  const { port } = app.server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
};

/**
 * What every gateway implementation must do, run against each: routing by the one route table,
 * request ids, the body limit and the JSON errors with stable codes.
 */
export function describeGatewayContract(label: string, start: StartGateway): void {
  describe(`${label} gateway contract`, () => {
    const upstreams: FastifyInstance[] = [];
    let gateway: GatewayUnderTest;

    beforeAll(async () => {
      upstreams.push(await echoUpstream('auth'), await echoUpstream('course'));
      const [auth, course] = upstreams.map(urlOf);
      gateway = await start({ auth: auth!, course: course!, payment: 'http://127.0.0.1:9' });
    });

    afterAll(async () => {
      await gateway?.close();
      await Promise.all(upstreams.map((app) => app.close()));
    });

    const call = (path: string, init?: RequestInit) => fetch(`${gateway.url}${path}`, init);

    it('forwards by prefix with the query string, the body and a fresh request id', async () => {
      const response = await call('/api/auth/login?x=1', {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      });
      const echoed = (await response.json()) as Record<string, unknown>;
      expect(echoed).toMatchObject({ upstream: 'auth', url: '/api/auth/login?x=1', body: '{"a":1}' });
      expect(echoed.requestId).toMatch(/^[\w.-]{16,128}$/);
      expect(echoed.forwardedHost).toBe(new URL(gateway.url).hostname);
      expect(((await (await call('/api/enrollments/me')).json()) as { upstream: string }).upstream).toBe('course');
      expect(((await (await call('/api/courses')).json()) as { url: string }).url).toBe('/api/courses');
    });

    it("keeps a caller's well-formed request id and replaces any other with a UUID", async () => {
      const kept = await call('/api/courses/1', { headers: { 'x-request-id': 'trace-abc.123' } });
      expect(((await kept.json()) as { requestId: string }).requestId).toBe('trace-abc.123');
      for (const sent of ['no spaces allowed', 'ok, a"}{"x', 'ok,ok']) {
        const replaced = await call('/api/courses/1', { headers: { 'x-request-id': sent } });
        expect(((await replaced.json()) as { requestId: string }).requestId, sent).toMatch(UUID);
      }
      const twice = await rawGet(gateway.url, '/api/courses/1', { 'x-request-id': ['first', 'second'] });
      expect((JSON.parse(twice.body) as { requestId: string }).requestId).toMatch(UUID);
      const notFound = await rawGet(gateway.url, '/nowhere', { 'x-request-id': 'ok, a"}{"x' });
      expect((JSON.parse(notFound.body) as { requestId: string }).requestId).toMatch(UUID);
    });

    it('answers unknown paths with 404 GATEWAY.NO_ROUTE and does not route health or metrics', async () => {
      for (const path of ['/api/unknown', '/metrics', '/api/coursesX', '/health/ready']) {
        const response = await call(path);
        expect(response.status, path).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await response.json()).toMatchObject({ statusCode: 404, code: 'GATEWAY.NO_ROUTE', requestId: expect.any(String) });
      }
      expect((await call('/health/live')).status).toBe(200);
    });

    it("answers 502 GATEWAY.UPSTREAM_UNAVAILABLE when a service is down, and relays a service's own 503", async () => {
      const down = await call('/api/cart');
      expect(down.status).toBe(502);
      expect(await down.json()).toMatchObject({
        code: 'GATEWAY.UPSTREAM_UNAVAILABLE',
        message: 'The payment service is unavailable',
      });
      const unready = await call('/api/auth/unready');
      expect(unready.status).toBe(503);
      expect(await unready.json()).toEqual({ code: 'HEALTH.NOT_READY' });
      const marked = await call('/api/auth/marked');
      expect(marked.status).toBe(200);
      expect(await marked.json()).toEqual({ marked: true });
    });

    it(`sends a service at most ${UPSTREAM_CONCURRENCY} requests at once and queues the rest`, async () => {
      let letGo!: () => void;
      held.release = new Promise<void>((resolve) => (letGo = resolve));
      held.peak = 0;
      const burst = Array.from({ length: UPSTREAM_CONCURRENCY + 72 }, () => call('/api/courses/held'));
      for (let waited = 0; held.now < UPSTREAM_CONCURRENCY && waited < 15_000; waited += 20) await sleep(20);
      await sleep(300); // room for any request past the limit to arrive
      expect(held.peak).toBe(UPSTREAM_CONCURRENCY);
      letGo();
      const statuses = (await Promise.all(burst)).map((response) => response.status);
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(held.peak).toBe(UPSTREAM_CONCURRENCY);
    });

    it('answers 413 REQUEST.BODY_TOO_LARGE for a body over 1 MiB and passes one of exactly 1 MiB', async () => {
      const post = (size: number) =>
        call('/api/auth/register', { method: 'POST', body: 'x'.repeat(size), headers: { 'content-type': 'application/json' } });
      // Only the headers are sent: both gateways answer from Content-Length and may close before a body
      // would arrive, so a client still writing one could see EPIPE instead of the answer.
      const big = await headersOnly(gateway.url, '/api/auth/register', 1024 * 1024 + 1);
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body)).toMatchObject({ code: 'REQUEST.BODY_TOO_LARGE' });
      const limit = await post(1024 * 1024);
      expect(limit.status).toBe(200);
      expect(((await limit.json()) as { body: string }).body.length).toBe(1024 * 1024);
    });
  });
}
