import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@azora/config';
import { buildGateway } from './gateway.js';
import { GatewayEnv } from './gateway.env.js';

const upstreams: FastifyInstance[] = [];
let gateway: FastifyInstance;

async function echoUpstream(name: string): Promise<string> {
  const app = Fastify();
  app.all('/*', async (request) => ({
    upstream: name,
    url: request.url,
    body: request.body ?? null,
    requestId: request.headers['x-request-id'],
  }));
  upstreams.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

beforeAll(async () => {
  const [auth, course] = [await echoUpstream('auth'), await echoUpstream('course')];
  const config = loadConfig(GatewayEnv, { AUTH_URL: auth, COURSE_URL: course, PAYMENT_URL: 'http://127.0.0.1:9' });
  gateway = buildGateway(config);
  await gateway.ready();
});

afterAll(async () => {
  await gateway.close();
  await Promise.all(upstreams.map((app) => app.close()));
});

describe('gateway', () => {
  it('forwards by prefix with the query string, the body and a request id', async () => {
    const response = await gateway.inject({ method: 'POST', url: '/api/auth/login?x=1', payload: { a: 1 } });
    expect(response.json()).toMatchObject({
      upstream: 'auth',
      url: '/api/auth/login?x=1',
      body: { a: 1 },
      requestId: expect.any(String),
    });
    expect((await gateway.inject({ url: '/api/enrollments/me' })).json().upstream).toBe('course');
  });

  it('answers unknown paths with 404 GATEWAY.NO_ROUTE and does not route health or metrics', async () => {
    for (const url of ['/api/unknown', '/metrics', '/api/coursesX']) {
      const response = await gateway.inject({ url });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('GATEWAY.NO_ROUTE');
    }
  });

  it('answers 502 when an upstream is down and 413 for a body over 1 MB', async () => {
    const down = await gateway.inject({ url: '/api/cart' });
    expect(down.statusCode).toBe(502);
    expect(down.json().code).toBe('GATEWAY.UPSTREAM_UNAVAILABLE');
    const big = await gateway.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: 'x'.repeat(1024 * 1024 + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('REQUEST.BODY_TOO_LARGE');
  });
});
