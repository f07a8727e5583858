import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseEnv } from '../../../apps/course/src/config/course.env.js';
import { COURSE_SERVICE, CourseAppModule } from '../../../apps/course/src/course-app.module.js';
import { RedisConnection } from '@azora/cache';
import { eventually } from '../../support/eventually.js';
import { bearerFor, bootTestService, testConfig } from '../../support/service-app.js';
import { createCourse, type CourseBody } from '../course/course-service.js';
import {
  get,
  patchCourse,
  PrivateRedis,
  RELAXED_TIMEOUT,
  startCachedCourseService,
  type CachedCourseService,
} from './cache-service.js';

/**
 * Two instances of the course service on one database and one Redis of the spec's own, as two pods
 * are: each keeps the cache versions it read in memory (REDIS_CLIENT_TRACKING, the default), and
 * must still show a write made through the other at once.
 */
let redis: PrivateRedis;
let writer: CachedCourseService;
let reader: Awaited<ReturnType<typeof bootTestService>>;
let authorization: string;
let course: CourseBody;

const pages = () => [`/api/courses/${course.id}`, '/api/courses?limit=20', '/api/courses?limit=5&sort=title'];

async function warm(urls: readonly string[]): Promise<void> {
  for (const url of urls) await eventually(async () => (await get(reader, url)).cache === 'hit');
}

async function redisCalls(command: string): Promise<number> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const stats = await client.info('commandstats');
    return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  redis = await PrivateRedis.start();
  const env = { ...RELAXED_TIMEOUT, REDIS_URL: redis.url };
  writer = await startCachedCourseService('cache_tracked', env);
  reader = await bootTestService(CourseAppModule.forRoot(testConfig(CourseEnv, writer.db.urlFor('course'), env)), {
    identity: COURSE_SERVICE,
  });
  authorization = await bearerFor(writer.app, randomUUID(), 'instructor');
  course = await createCourse(writer.app, authorization, { title: 'Tracked', priceCents: 1000 });
  for (let i = 0; i < 4; i++) await createCourse(writer.app, authorization);
});

afterAll(async () => {
  await reader?.close();
  await writer?.close();
  await redis?.stop();
});

describe('cache versions kept in memory with Redis tracking', () => {
  it('answers repeated hits without asking Redis for their versions', async () => {
    await warm(pages());
    const before = await redisCalls('mget');
    for (let i = 0; i < 20; i++) for (const url of pages()) expect((await get(reader, url)).cache).toBe('hit');
    // Entries are re-read at most once a second (a safety bound), never per request: 60 hits, a few reads.
    expect((await redisCalls('mget')) - before).toBeLessThanOrEqual(pages().length * 2);
  });

  it('shows a write made through the other instance on its next GET, on every page', async () => {
    await warm(pages());
    await patchCourse(writer.app, authorization, course.id, { title: 'Tracked, renamed', priceCents: 2500 });
    const detail = await get(reader, `/api/courses/${course.id}`);
    expect(detail.body).toMatchObject({ title: 'Tracked, renamed', priceCents: 2500 });
    for (const url of pages().slice(1)) {
      const listed = (await get(reader, url)).body.data.find((item: CourseBody) => item.id === course.id);
      if (listed) expect(listed).toMatchObject({ title: 'Tracked, renamed', priceCents: 2500 });
    }
  });
});

describe('the tracked connection against a real redis-server', () => {
  const keys = [`tracked-spec:${randomUUID()}:a`, `tracked-spec:${randomUUID()}:b`];
  let connection: RedisConnection;
  let other: RedisConnection;
  const tracked = () => connection.tracked!;

  beforeAll(async () => {
    connection = await RedisConnection.connect({ url: redis.url, memoryFallback: false, trackedReads: true });
    other = await RedisConnection.connect({ url: redis.url, memoryFallback: false });
  });

  afterAll(async () => {
    await connection?.close();
    await other?.close();
  });

  it('drops a key as soon as another connection changes it: within 100 ms', async () => {
    await other.client!.set(keys[0]!, '1');
    expect(await tracked().mGet(keys)).toEqual(['1', null]);
    expect(tracked().cached(keys)).toEqual(['1', null]);
    await other.client!.set(keys[1]!, '7');
    // The push left Redis before the writer's reply, but on another socket: an idle process reads it on
    // the next turn of the event loop, a busy one (the whole suite running) a few turns later.
    await eventually(() => tracked().cached(keys) === undefined, 100, 5);
    expect(tracked().cached(keys)).toBeUndefined();
    expect(await tracked().mGet(keys)).toEqual(['1', '7']);
  });

  it('forgets everything when the connection drops, and tracks again once Redis is back (empty)', async () => {
    await other.client!.set(keys[0]!, '2');
    // A read that the push for this write overtakes is not kept (by design): read until one is.
    await eventually(async () => (await tracked().mGet(keys)) && tracked().cached(keys) !== undefined);
    await redis.stop();
    await eventually(() => tracked().cached(keys) === undefined);
    await redis.start();
    await eventually(() => tracked().isReady && other.client!.isReady);
    expect(await tracked().mGet(keys)).toEqual([null, null]);
    await other.client!.set(keys[0]!, '3');
    await new Promise(setImmediate);
    expect(tracked().cached(keys)).toBeUndefined();
  });
});
