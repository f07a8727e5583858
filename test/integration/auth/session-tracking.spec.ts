import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SessionStore } from '@azora/auth';
import { RedisConnection } from '@azora/cache';
import type { BaseEnv } from '@azora/config';
import { PrivateRedis } from '../cache/cache-service.js';

/**
 * Every service checks the session on each authenticated request. With Redis tracking, each holds
 * the sessions it read in memory: here two stores on two connections stand for two pods, and a
 * logout or refresh through one must be felt by the other at once.
 */
let redis: PrivateRedis;
let auth: { connection: RedisConnection; sessions: SessionStore };
let course: { connection: RedisConnection; sessions: SessionStore };

const config = { SESSION_TTL_SECONDS: 3600 } as BaseEnv;

async function pod() {
  const connection = await RedisConnection.connect({ url: redis.url, memoryFallback: false, trackedReads: true });
  return { connection, sessions: new SessionStore(connection, config) };
}

/**
 * Redis pushes the invalidation as it runs the write, so it arrives about when the writer's reply
 * does (here both share one process and its event loop). Well under the 1 s safety bound, which
 * would otherwise make the check pass without any push.
 */
const soon = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 300, interval: 1 });

beforeAll(async () => {
  redis = await PrivateRedis.start();
  auth = await pod();
  course = await pod();
});

afterAll(async () => {
  await auth?.connection.close();
  await course?.connection.close();
  await redis?.stop();
});

describe('sessions held with Redis tracking', () => {
  it('answers repeated checks from memory, without a round trip', async () => {
    const { sessionId } = await auth.sessions.create('user-1', 'student');
    const reads = vi.spyOn(course.connection.tracked!, 'mGet');
    expect(await course.sessions.find(sessionId)).toMatchObject({ userId: 'user-1', role: 'student' });
    expect(await course.sessions.find(sessionId)).toMatchObject({ userId: 'user-1' });
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
  });

  it('feels a logout in another process as soon as the push arrives, and in its own at once', async () => {
    const { sessionId } = await auth.sessions.create('user-2', 'student');
    expect(await course.sessions.find(sessionId)).toBeDefined();
    expect(await auth.sessions.find(sessionId)).toBeDefined();
    await auth.sessions.revoke(sessionId);
    expect(await auth.sessions.find(sessionId)).toBeUndefined();
    await soon(async () => expect(await course.sessions.find(sessionId)).toBeUndefined());
  });

  it('sees a refresh rotation and a reuse that kills the session', async () => {
    const { sessionId, refreshSecret } = await auth.sessions.create('user-3', 'student');
    const before = await course.sessions.find(sessionId);
    const { outcome, refreshSecret: next } = await auth.sessions.rotate(sessionId, refreshSecret);
    expect(outcome).toBe('rotated');
    await soon(async () => expect((await course.sessions.find(sessionId))?.refreshHash).not.toBe(before?.refreshHash));
    expect((await auth.sessions.rotate(sessionId, refreshSecret)).outcome).toBe('reused');
    await soon(async () => expect(await course.sessions.find(sessionId)).toBeUndefined());
    expect((await auth.sessions.rotate(sessionId, next)).outcome).toBe('unknown');
  });

  it('holds nothing while Redis is down (503, never a stale yes), and tracks again once it is back', async () => {
    const { sessionId } = await auth.sessions.create('user-4', 'student');
    expect(await course.sessions.find(sessionId)).toBeDefined();
    await redis.stop();
    await vi.waitFor(() => expect(course.connection.tracked!.isReady).toBe(false), { timeout: 5000 });
    await expect(course.sessions.find(sessionId)).rejects.toMatchObject({ status: 503 });
    await redis.start();
    await vi.waitFor(() => expect(course.connection.tracked!.isReady && auth.connection.client!.isReady).toBe(true), {
      timeout: 10_000,
    });
    // The private Redis starts empty: the session is gone, and that is what a check says.
    expect(await course.sessions.find(sessionId)).toBeUndefined();
  });
});
