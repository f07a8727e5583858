// The k6 load test (k6/) cannot run here (no k6 binary, no cluster), so these checks keep it honest
// offline: it type-checks against @types/k6, and it only calls routes the API has.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const k6Dir = path.join(repoRoot, 'k6');

/**
 * The public API routes the load test may call (method + path, ids as `:id`), as specified for the
 * gateway. NOTE: kept by hand for now; a later issue will check this list against the routes the
 * apps really register, so that a renamed or removed endpoint fails here instead of in a load run.
 */
const API_ROUTES = [
  'POST /api/auth/register',
  'POST /api/auth/login',
  'GET /api/auth/profile',
  'GET /api/courses',
  'GET /api/courses/:id',
  'POST /api/courses/:id/enroll',
  'GET /api/courses/:id/content',
  'GET /api/enrollments/me',
  'GET /api/cart',
  'POST /api/cart/items',
  'DELETE /api/cart/items/:id',
  'POST /api/checkout',
  'POST /api/payments',
  'GET /api/orders/:id',
] as const;

/** Routes each flow cannot do without: guards the extraction itself against silently finding nothing. */
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

interface RouteCall {
  route: string;
  file: string;
  literal: string;
}

function k6Scripts(): string[] {
  return readdirSync(k6Dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js') && !file.includes('node_modules'))
    .map((file) => path.join(k6Dir, file))
    .sort();
}

const METHODS: Record<string, string> = { get: 'GET', post: 'POST', del: 'DELETE', delete: 'DELETE' };

/** `/api/courses/${courseId}/enroll?x=1` → `/api/courses/:id/enroll`: interpolations and id-like segments become `:id`. */
function normalizePath(literal: string): string {
  return literal
    .replace(/\$\{[^}]*\}/g, ':id')
    .split('?')[0]
    .split('/')
    .map((segment) => (/^(\d+|[0-9a-f]{8}-[0-9a-f-]{27,})$/i.test(segment) ? ':id' : segment))
    .join('/');
}

/**
 * Every API call in a script. The k6 client (k6/lib/http.js) is called with the path literal as the
 * first argument, `api.get('/api/…')`, `api.post(`/api/…/${id}`, …)`, `api.del(…)`, or built for a
 * batch as `api.spec('POST', '/api/…', …)`.
 */
function extractRoutes(source: string, file: string): { calls: RouteCall[]; literals: number } {
  const calls: RouteCall[] = [];
  const verbCall = /\b(get|post|del|delete)\s*\(\s*(['"`])(\/api\/[^'"`]*)\2/g;
  const methodArg = /(['"])(GET|POST|PUT|PATCH|DELETE)\1\s*,\s*(['"`])(\/api\/[^'"`]*)\3/g;
  for (const match of source.matchAll(verbCall)) {
    calls.push({ route: `${METHODS[match[1]]} ${normalizePath(match[3])}`, file, literal: match[3] });
  }
  for (const match of source.matchAll(methodArg)) {
    calls.push({ route: `${match[2]} ${normalizePath(match[4])}`, file, literal: match[4] });
  }
  const literals = [...source.matchAll(/(['"`])\/api\//g)].length;
  return { calls, literals };
}

describe('k6 load test', () => {
  it('type-checks against @types/k6 (npx tsc -p k6/tsconfig.json --noEmit)', () => {
    const tsc = spawnSync('npx', ['tsc', '-p', 'k6/tsconfig.json', '--noEmit'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(tsc.error).toBeUndefined();
    expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('calls only routes of the API', () => {
    const scripts = k6Scripts();
    expect(scripts.map((file) => path.relative(repoRoot, file))).toContain('k6/load-test.js');

    const calls: RouteCall[] = [];
    for (const file of scripts) {
      const { calls: found, literals } = extractRoutes(readFileSync(file, 'utf8'), path.relative(repoRoot, file));
      // Every '/api/…' literal must be a call the extraction understands; a path kept in a variable
      // would hide its route from this check.
      expect(found.length, `${path.relative(repoRoot, file)}: API paths outside api.get/post/del/spec calls`).toBe(literals);
      calls.push(...found);
    }

    const unknown = calls.filter((call) => !(API_ROUTES as readonly string[]).includes(call.route));
    expect(unknown.map((call) => `${call.route} (${call.file}: ${call.literal})`)).toEqual([]);

    const called = new Set(calls.map((call) => call.route));
    expect(CORE_ROUTES.filter((route) => !called.has(route))).toEqual([]);
  });

  it('normalizes paths the way the route list writes them', () => {
    expect(normalizePath('/api/courses/${courseId}/enroll')).toBe('/api/courses/:id/enroll');
    expect(normalizePath('/api/courses?page=${page}&limit=20')).toBe('/api/courses');
    expect(normalizePath('/api/orders/3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f')).toBe('/api/orders/:id');
    expect(normalizePath('/api/enrollments/me?page=1')).toBe('/api/enrollments/me');
    const { calls } = extractRoutes(
      "api.spec('POST', '/api/auth/register', user);\napi\n  .del(`/api/cart/items/${id}`)",
      'x.js',
    );
    expect(calls.map((call) => call.route)).toEqual(['DELETE /api/cart/items/:id', 'POST /api/auth/register']);
  });
});
