import { describe, expect, it, vi } from 'vitest';
import { RedisConnection } from '@azora/cache';
import type { BaseEnv } from '@azora/config';
import { SessionStore } from './session.store.js';

const SESSION = JSON.stringify({ userId: 'u-1', role: 'student', refreshHash: 'h' });

function store(tracked: { isReady: boolean; cached?: unknown; mGet?: () => Promise<unknown> }) {
  const client = { mGet: vi.fn(async () => [SESSION]) };
  // The real connection's methods over fake clients: its fallback is what is under test.
  const connection: RedisConnection = Object.assign(Object.create(RedisConnection.prototype) as RedisConnection, {
    client,
    tracked: { cached: () => undefined, mGet: vi.fn(async () => [SESSION]), ...tracked },
  });
  return { client, sessions: new SessionStore(connection, { SESSION_TTL_SECONDS: 3600 } as BaseEnv) };
}

describe('SessionStore.find with tracked reads', () => {
  it('answers a held session without a round trip', async () => {
    const { client, sessions } = store({ isReady: true, cached: () => [SESSION] });
    expect(await sessions.find('s-1')).toMatchObject({ userId: 'u-1' });
    expect(client.mGet).not.toHaveBeenCalled();
  });

  it('reads on the main connection while the tracking one is not ready', async () => {
    const { client, sessions } = store({ isReady: false });
    expect(await sessions.find('s-1')).toMatchObject({ userId: 'u-1' });
    expect(client.mGet).toHaveBeenCalledWith(['azora:session:s-1']);
  });

  it('falls back to the main connection when the tracked read fails, instead of a 503', async () => {
    const { client, sessions } = store({ isReady: true, mGet: () => Promise.reject(new Error('socket closed')) });
    expect(await sessions.find('s-1')).toMatchObject({ userId: 'u-1' });
    expect(client.mGet).toHaveBeenCalledOnce();
  });

  it('answers 503 when both connections fail', async () => {
    const { client, sessions } = store({ isReady: true, mGet: () => Promise.reject(new Error('socket closed')) });
    client.mGet.mockRejectedValueOnce(new Error('socket closed'));
    await expect(sessions.find('s-1')).rejects.toMatchObject({ status: 503 });
  });
});
