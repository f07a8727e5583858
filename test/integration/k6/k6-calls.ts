// The API calls the k6 load test (k6/) makes, read from its source: k6 cannot run on these machines,
// so the scripts are checked offline against the routes the apps really serve.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const k6Dir = path.join(repoRoot, 'k6');

export interface RouteCall {
  /** `METHOD /path` with ids as `:id`, e.g. `POST /api/courses/:id/enroll`. */
  route: string;
  file: string;
  literal: string;
}

export function k6Scripts(): string[] {
  return readdirSync(k6Dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js') && !file.includes('node_modules'))
    .map((file) => path.join(k6Dir, file))
    .sort();
}

const METHODS: Record<string, string> = { get: 'GET', post: 'POST', del: 'DELETE', delete: 'DELETE' };

/** `/api/courses/${courseId}/enroll?x=1` → `/api/courses/:id/enroll`: interpolations and id-like segments become `:id`. */
export function normalizePath(literal: string): string {
  return literal
    .replace(/\$\{[^}]*\}/g, ':id')
    .split('?')[0]!
    .split('/')
    .map((segment) => (/^(\d+|[0-9a-f]{8}-[0-9a-f-]{27,})$/i.test(segment) ? ':id' : segment))
    .join('/');
}

/**
 * Every API call in a script. The k6 client (k6/lib/http.js) is called with the path literal as the
 * first argument, `api.get('/api/…')`, `api.post(`/api/…/${id}`, …)`, `api.del(…)`, or built for a
 * batch as `api.spec('POST', '/api/…', …)`. `literals` counts every '/api/…' string, so a path kept
 * in a variable (hidden from this reading) shows up as a difference.
 */
export function extractRoutes(source: string, file: string): { calls: RouteCall[]; literals: number } {
  const calls: RouteCall[] = [];
  const verbCall = /\b(get|post|del|delete)\s*\(\s*(['"`])(\/api\/[^'"`]*)\2/g;
  const methodArg = /(['"])(GET|POST|PUT|PATCH|DELETE)\1\s*,\s*(['"`])(\/api\/[^'"`]*)\3/g;
  for (const match of source.matchAll(verbCall)) {
    calls.push({ route: `${METHODS[match[1]!]} ${normalizePath(match[3]!)}`, file, literal: match[3]! });
  }
  for (const match of source.matchAll(methodArg)) {
    calls.push({ route: `${match[2]} ${normalizePath(match[4]!)}`, file, literal: match[4]! });
  }
  const literals = [...source.matchAll(/(['"`])\/api\//g)].length;
  return { calls, literals };
}

/** Every call of every k6 script, and the files where some '/api/…' literal is not a call the reading understands. */
export function k6Calls(): { scripts: string[]; calls: RouteCall[]; unreadable: string[] } {
  const scripts = k6Scripts();
  const calls: RouteCall[] = [];
  const unreadable: string[] = [];
  for (const file of scripts) {
    const relative = path.relative(repoRoot, file);
    const { calls: found, literals } = extractRoutes(readFileSync(file, 'utf8'), relative);
    if (found.length !== literals)
      unreadable.push(`${relative}: ${literals - found.length} API path(s) outside api.get/post/del/spec calls`);
    calls.push(...found);
  }
  return { scripts: scripts.map((file) => path.relative(repoRoot, file)), calls, unreadable };
}
