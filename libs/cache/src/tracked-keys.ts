import { createClient, type RedisClientOptions } from '@redis/client';

/** Only what `TrackedKeys` needs of a RESP3 node-redis client opened with `emitInvalidate`. */
export interface InvalidatingClient {
  readonly isReady: boolean;
  mGet(keys: string[]): Promise<(string | null)[]>;
  on(event: 'invalidate', listener: (key: Buffer | string | null) => void): unknown;
  on(event: 'connect' | 'end' | 'error', listener: (...args: unknown[]) => void): unknown;
}

interface Known {
  value: string | null;
  expiresAt: number;
}

/**
 * Keys read on every request and changed rarely (cache versions, sessions) held in process memory
 * with Redis's help (server-assisted client-side caching, `CLIENT TRACKING` over RESP3): every key
 * read on this connection is remembered by Redis, which pushes an invalidation on this connection
 * the moment any client changes it. So a read needs no round trip while its key is unchanged, and a
 * write from any process drops it at once.
 *
 * Correct because replies and pushes arrive in order on one connection, with two guards: a reply is
 * not kept if an invalidation (or a reconnect) arrived while it was on its way, since node-redis
 * delivers the reply after a push decoded from the same chunk; and everything is forgotten when
 * the connection errs, ends or reconnects, since pushes may have been lost with it.
 */
export class TrackedKeys {
  private readonly known = new Map<string, Known>();
  /** Moves on every invalidation and connection change: a read that spans one keeps nothing. */
  private generation = 0;

  constructor(
    private readonly client: InvalidatingClient,
    /** A safety bound only; invalidations are what keep entries right. */
    private readonly ttlMs: number,
    private readonly maxKeys: number,
  ) {
    client.on('invalidate', (key) => (key === null ? this.forgetAll() : this.forget([String(key)])));
    for (const event of ['connect', 'end', 'error'] as const) client.on(event, () => this.forgetAll());
  }

  get isReady(): boolean {
    return this.client.isReady;
  }

  /** The values of all `keys` if every one is known and fresh, without a round trip; else undefined. */
  cached(keys: readonly string[]): (string | null)[] | undefined {
    const now = Date.now();
    const values: (string | null)[] = [];
    for (const key of keys) {
      const known = this.known.get(key);
      if (known === undefined || known.expiresAt <= now) return undefined;
      values.push(known.value);
    }
    return values;
  }

  async mGet(keys: string[]): Promise<(string | null)[]> {
    const generation = this.generation;
    const values = await this.client.mGet(keys);
    if (generation === this.generation) this.remember(keys, values);
    return values;
  }

  /** For this process's own writes: call before the write and after it settles, so it never waits for its push. */
  forget(keys: readonly string[]): void {
    this.generation++;
    for (const key of keys) this.known.delete(key);
  }

  private forgetAll(): void {
    this.generation++;
    this.known.clear();
  }

  private remember(keys: readonly string[], values: readonly (string | null)[]): void {
    if (this.known.size + keys.length > this.maxKeys) this.known.clear();
    const expiresAt = Date.now() + this.ttlMs;
    for (const [index, key] of keys.entries()) this.known.set(key, { value: values[index] ?? null, expiresAt });
  }
}

/** A RESP3 connection with tracking on (node-redis sends `CLIENT TRACKING ON` on every connect). */
export const createInvalidatingClient = (options: Pick<RedisClientOptions, 'url' | 'disableOfflineQueue' | 'socket'>) =>
  // RESP3 would also turn on Redis Enterprise maintenance handoffs, which this connection has no use for.
  createClient({ ...options, RESP: 3, emitInvalidate: true, maintNotifications: 'disabled' });

export type InvalidatingRedisClient = ReturnType<typeof createInvalidatingClient>;
