import { EventEmitter } from 'node:events';
import type { Cache } from 'cache-manager';
import { describe, expect, it, vi } from 'vitest';
import type { CacheSettings } from './cache-settings.js';
import { RedisConnection } from './redis-connection.js';
import { TrackedKeys } from './tracked-keys.js';
import { VersionedCache, type StoredLookup } from './versioned-cache.js';

const settings = {
  namespace: 'spec',
  opTimeoutMs: 1000,
  breakerFailures: 1,
  breakerCooldownMs: 50,
  l1TtlMs: 2000,
  l1MaxEntries: 100,
  l1MaxBytes: 1024 * 1024,
  lockTtlMs: 1000,
  lockWaitMs: 0,
  replicaSettleMs: 0,
} as CacheSettings;

const lookup: StoredLookup = { layer: 'response', route: 'GET /spec', key: '/spec', versions: ['catalog'] };

/** A cache whose versions come from a tracked connection that always answers '1', and whose store holds one value. */
function setUp() {
  const tracked = Object.assign(new EventEmitter(), {
    isReady: true,
    mGet: vi.fn(async (keys: string[]) => keys.map(() => '1')),
  });
  const client = { isReady: true, mGet: vi.fn(async (keys: string[]) => keys.map(() => '1')), eval: vi.fn(async () => ['2']) };
  const redis: RedisConnection = Object.assign(Object.create(RedisConnection.prototype) as RedisConnection, {
    client,
    tracked: new TrackedKeys(tracked, 60_000, 100),
  });
  const store = { get: vi.fn(async () => ({ body: 'stored' })) } as unknown as Cache;
  return { tracked, client, cache: new VersionedCache(store, redis, settings) };
}

describe('VersionedCache with tracked versions', () => {
  it('serves a held value without a promise or a round trip once versions and value are in memory', async () => {
    const { tracked, cache } = setUp();
    expect(cache.peekHeld(lookup)).toBeUndefined();
    expect(await cache.peek(lookup)).toEqual({ body: 'stored' });
    expect(cache.peekHeld(lookup)).toEqual({ body: 'stored' });
    expect(tracked.mGet).toHaveBeenCalledTimes(1);
  });

  it('sends the half-open probe to Redis even when the versions are held, so the circuit closes again', async () => {
    const { tracked, cache } = setUp();
    await cache.peek(lookup);
    cache.breaker.failed();
    expect(cache.breaker.state).toBe('open');
    expect(cache.peekHeld(lookup)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, settings.breakerCooldownMs + 10));
    expect(await cache.peek(lookup)).toEqual({ body: 'stored' });
    expect(tracked.mGet).toHaveBeenCalledTimes(2);
    expect(cache.breaker.state).toBe('closed');
  });

  it('reads versions on the main connection while the tracked one is not ready, and holds nothing', async () => {
    const { tracked, client, cache } = setUp();
    tracked.isReady = false;
    expect(await cache.peek(lookup)).toEqual({ body: 'stored' });
    expect(client.mGet).toHaveBeenCalledTimes(1);
    expect(tracked.mGet).not.toHaveBeenCalled();
    expect(cache.peekHeld(lookup)).toBeUndefined();
  });

  it('forgets versions read while its own bump was in flight, before their invalidation arrives', async () => {
    const { client, cache } = setUp();
    client.eval.mockImplementationOnce(async () => {
      await cache.peek(lookup); // answered with the old version before the bump ran
      return ['2'];
    });
    await cache.bump(['catalog']);
    expect(cache.peekHeld(lookup)).toBeUndefined();
  });
});
