import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { extractRoutes, k6Calls, normalizePath } from './k6-calls.js';
import { servedRoutes, unservedCalls, type ServedRoutes } from './served-routes.js';

/** Routes each flow cannot do without: guards both readings (apps and scripts) against silently finding nothing. */
const CORE_ROUTES = [
  'POST /api/auth/login',
  'GET /api/auth/profile',
  'GET /api/courses',
  'POST /api/courses/:id/enroll',
  'GET /api/courses/:id/content',
  'POST /api/cart/items',
  'POST /api/checkout',
  'POST /api/payments',
  'GET /api/orders/:id',
];

let db: TestDatabase;
let served: ServedRoutes;

beforeAll(async () => {
  db = await createTestDatabase('k6_routes');
  served = await servedRoutes(db);
});

afterAll(async () => {
  await db?.drop();
});

describe('the k6 load test calls only routes the apps serve behind the gateway', () => {
  it('finds the core routes among those the apps register', () => {
    const all = new Set(Object.values(served).flatMap((routes) => [...routes]));
    expect(CORE_ROUTES.filter((route) => !all.has(route))).toEqual([]);
  });

  it('reads every API call of the scripts, and each one reaches a service that serves it', () => {
    const { scripts, calls, unreadable } = k6Calls();
    expect(scripts).toContain('k6/load-test.js');
    expect(unreadable).toEqual([]);
    expect(unservedCalls(calls, served)).toEqual([]);
    const called = new Set(calls.map((call) => call.route));
    expect(CORE_ROUTES.filter((route) => !called.has(route))).toEqual([]);
  });

  it('flags a made-up path, a wrong method and a path the gateway does not route', () => {
    const script = [
      'api.get(`/api/courses/${id}/reviews`);',
      "api.del('/api/auth/profile');",
      "api.spec('POST', '/api/refunds', body);",
      'api.post(`/api/courses/${id}/enroll`, null);',
    ].join('\n');
    const { calls } = extractRoutes(script, 'made-up.js');
    expect(unservedCalls(calls, served)).toEqual([
      'GET /api/courses/:id/reviews (made-up.js: /api/courses/${id}/reviews): not served by course',
      'DELETE /api/auth/profile (made-up.js: /api/auth/profile): not served by auth',
      'POST /api/refunds (made-up.js: /api/refunds): no gateway route',
    ]);
  });

  it('flags a route served by another service than the one the gateway sends it to', () => {
    const misrouted: ServedRoutes = { ...served, course: new Set(), payment: new Set([...served.payment, ...served.course]) };
    const { calls } = extractRoutes("api.get('/api/enrollments/me?page=1');", 'moved.js');
    expect(unservedCalls(calls, misrouted)).toEqual([
      'GET /api/enrollments/me (moved.js: /api/enrollments/me?page=1): not served by course',
    ]);
  });

  it('normalizes paths the way the route patterns are compared', () => {
    expect(normalizePath('/api/courses/${courseId}/enroll')).toBe('/api/courses/:id/enroll');
    expect(normalizePath('/api/courses?page=${page}&limit=20')).toBe('/api/courses');
    expect(normalizePath('/api/orders/3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f')).toBe('/api/orders/:id');
    expect(normalizePath('/api/enrollments/me?page=1')).toBe('/api/enrollments/me');
    const { calls, literals } = extractRoutes(
      "api.spec('POST', '/api/auth/register', user);\napi\n  .del(`/api/cart/items/${id}`)\nconst hidden = '/api/x';",
      'x.js',
    );
    expect(calls.map((call) => call.route)).toEqual(['DELETE /api/cart/items/:id', 'POST /api/auth/register']);
    expect(literals).toBe(3);
  });
});
