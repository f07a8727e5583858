import { PinoLogger } from 'nestjs-pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ResponseCacheInterceptor } from '@azora/cache';
import { createCourse, signIn } from '../course/course-service.js';
import { countQueries } from '../course/query-counter.js';
import { patchCourse, RELAXED_TIMEOUT, startCachedCourseService, type CachedCourseService } from './cache-service.js';

let service: CachedCourseService;
let instructor: { id: string; authorization: string };
let courseId: string;
/** How many requests reached Nest's interceptor chain. */
let intercepted: ReturnType<typeof vi.fn>;

const app = () => service.app;
const request = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
  app().inject({ method, url, headers });
const hitsCounted = async (): Promise<number> => {
  const metrics = (await request('/metrics')).body;
  const line = metrics.match(
    /cache_requests_total\{[^}]*layer="response"[^}]*route="GET \/api\/courses\/:id"[^}]*result="hit"[^}]*\} (\d+)/,
  );
  return Number(line?.[1] ?? 0);
};
/** Every header a client sees, but the per-request id. */
const served = (response: Awaited<ReturnType<typeof request>>) => {
  const { 'x-request-id': _id, date: _date, ...headers } = response.headers;
  return { status: response.statusCode, headers, body: response.rawPayload };
};

beforeAll(async () => {
  service = await startCachedCourseService('cache_early_hits', RELAXED_TIMEOUT);
  instructor = await signIn(app(), 'instructor');
  courseId = (await createCourse(app(), instructor.authorization, { title: 'Early', description: 'x'.repeat(2000) })).id;
  const interceptor = app().get(ResponseCacheInterceptor);
  const original = interceptor.intercept.bind(interceptor);
  intercepted = vi.fn(original);
  interceptor.intercept = intercepted as typeof interceptor.intercept;
});

afterAll(async () => {
  await service?.close();
});

describe('cached hits answered before Nest', () => {
  it('an anonymous hit skips the Nest chain and the database, and is counted once as a hit', async () => {
    const url = `/api/courses/${courseId}`;
    expect((await request(url)).headers['x-cache']).toBe('miss');
    const hits = await hitsCounted();
    const calls = intercepted.mock.calls.length;
    let hit: Awaited<ReturnType<typeof request>> | undefined;
    expect(await countQueries(app(), async () => void (hit = await request(url)))).toBe(0);
    expect(hit!.headers['x-cache']).toBe('hit');
    expect(intercepted.mock.calls.length).toBe(calls);
    expect(await hitsCounted()).toBe(hits + 1);
  });

  it('sends the same status, headers and bytes as the Nest path, in every coding, and answers If-None-Match with 304', async () => {
    const url = `/api/courses/${courseId}`;
    for (const coding of [undefined, 'br', 'gzip']) {
      const headers: Record<string, string> = coding ? { 'accept-encoding': coding } : {};
      // A HEAD never takes the early path: its GET twin shows what Nest sends for a hit.
      await patchCourse(app(), instructor.authorization, courseId, { title: `Early ${coding ?? 'identity'}` });
      const miss = await request(url, headers);
      const calls = intercepted.mock.calls.length;
      const early = await request(url, headers);
      expect(intercepted.mock.calls.length, 'answered early').toBe(calls);
      expect(served(early)).toEqual({ ...served(miss), headers: { ...served(miss).headers, 'x-cache': 'hit' } });
      if (coding) expect(early.headers['content-encoding']).toBe(coding);
      expect(early.headers['cache-control']).toBe('public, max-age=60');
      const revalidated = await request(url, { ...headers, 'if-none-match': String(early.headers.etag) });
      expect([revalidated.statusCode, revalidated.headers['x-cache'], revalidated.body]).toEqual([304, 'hit', '']);
    }
  });

  it('writes the request line the skipped request logger would have written (every request outside production)', async () => {
    const url = `/api/courses/${courseId}`;
    await request(url);
    const lines: unknown[][] = [];
    const child = vi
      .spyOn(PinoLogger.root, 'child')
      .mockImplementation((bindings) => ({ info: (...args: unknown[]) => lines.push([bindings, ...args]) }) as never);
    try {
      const hit = await request(url);
      expect(hit.headers['x-cache']).toBe('hit');
      expect(lines).toEqual([
        [
          { reqId: hit.headers['x-request-id'] },
          expect.objectContaining({ responseTime: expect.any(Number) }),
          'request completed',
        ],
      ]);
    } finally {
      child.mockRestore();
    }
  });

  it('leaves credentials, HEAD and misses to Nest', async () => {
    const url = `/api/courses/${courseId}`;
    await request(url);
    const calls = intercepted.mock.calls.length;
    const owner = await request(url, { authorization: instructor.authorization });
    expect(owner.headers['x-cache']).toBe('bypass');
    expect((await request(url, {}, 'HEAD')).statusCode).toBe(200);
    expect(intercepted.mock.calls.length).toBe(calls + 2);
    await patchCourse(app(), instructor.authorization, courseId, { title: 'Early after a write' });
    const afterWrite = intercepted.mock.calls.length;
    const changed = await request(url);
    expect([changed.headers['x-cache'], JSON.parse(changed.body).title]).toEqual(['miss', 'Early after a write']);
    expect(intercepted.mock.calls.length).toBe(afterWrite + 1);
  });

  it('never answers a request Nest would refuse: a bad query or id still gets its 400', async () => {
    expect((await request('/api/courses?limit=5')).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) {
      const bad = await request('/api/courses?limit=5&unknown=1');
      expect([bad.statusCode, JSON.parse(bad.body).code]).toEqual([400, 'REQUEST.VALIDATION_FAILED']);
      expect((await request('/api/courses/not-a-uuid')).statusCode).toBe(400);
    }
  });
});
