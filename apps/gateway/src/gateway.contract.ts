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

/** Requests the upstreams are serving right now, and the most seen at once. */
const inFlight = { now: 0, peak: 0 };

/**
 * An upstream that answers with what it received, a 503 of its own under /api/auth/unready, and
 * slowly under /api/courses/slow, counting how many requests it serves at once.
 */
async function echoUpstream(name: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/api/courses/slow', async () => {
    inFlight.peak = Math.max(inFlight.peak, ++inFlight.now);
    await new Promise((resolve) => setTimeout(resolve, 150));
    inFlight.now -= 1;
    return { slow: true };
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.get('/api/auth/unready', async (_request, reply) => reply.status(503).send({ code: 'HEALTH.NOT_READY' }));
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

    it("keeps a caller's well-formed request id and replaces a malformed one", async () => {
      const kept = await call('/api/courses/1', { headers: { 'x-request-id': 'trace-abc.123' } });
      expect(((await kept.json()) as { requestId: string }).requestId).toBe('trace-abc.123');
      const replaced = await call('/api/courses/1', { headers: { 'x-request-id': 'no spaces allowed' } });
      expect(((await replaced.json()) as { requestId: string }).requestId).not.toBe('no spaces allowed');
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
    });

    it(`sends a service at most ${UPSTREAM_CONCURRENCY} requests at once and queues the rest`, async () => {
      inFlight.peak = 0;
      const burst = Array.from({ length: UPSTREAM_CONCURRENCY + 72 }, () => call('/api/courses/slow'));
      const statuses = (await Promise.all(burst)).map((response) => response.status);
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(inFlight.peak).toBe(UPSTREAM_CONCURRENCY);
    });

    it('answers 413 REQUEST.BODY_TOO_LARGE for a body over 1 MiB and passes one of exactly 1 MiB', async () => {
      const post = (size: number) =>
        call('/api/auth/register', { method: 'POST', body: 'x'.repeat(size), headers: { 'content-type': 'application/json' } });
      const big = await post(1024 * 1024 + 1);
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ code: 'REQUEST.BODY_TOO_LARGE' });
      const limit = await post(1024 * 1024);
      expect(limit.status).toBe(200);
      expect(((await limit.json()) as { body: string }).body.length).toBe(1024 * 1024);
    });
  });
}
