import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import { CacheKeys } from './cache-keys.js';
import { CacheMetrics, type CacheLayer, type CacheResult } from './cache-metrics.js';
import { CACHE_SETTINGS, type CacheSettings } from './cache-settings.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { MemoryLayer } from './memory-layer.js';
import { CacheUnavailable, withinBudget } from './op-timeout.js';
import { RedisConnection } from './redis-connection.js';

/** What names a stored value: enough to read it, not to compute it. */
export type StoredLookup = Pick<CachedLookup<unknown>, 'layer' | 'route' | 'key' | 'versions'>;

export interface CachedLookup<T> {
  layer: CacheLayer;
  /** The metrics label: a route pattern or an entity name, never a raw key. */
  route: string;
  /** The key without versions, from `CacheKeys` or the app's own key file. */
  key: string;
  /** Namespaces whose current versions become part of the key: bumping any of them invalidates it. */
  versions: readonly string[];
  ttlMs: number;
  compute: () => Promise<T>;
  /** Whether a computed value may be stored (the response layer stores 2xx only). */
  storable?: (value: T) => boolean;
  /** Computed from a replica: not stored while a version bump is younger than the replica settle window. */
  fromReplica?: boolean;
  /** The cache already failed for this request: compute without it, counted as an error (bypass). */
  skipCache?: boolean;
}

/** `bypass`: the cache was unavailable (or skipped) and the value was computed without it. */
export type Served = 'hit' | 'miss' | 'bypass';

export interface CachedValue<T> {
  value: T;
  served: Served;
}

export interface CacheStatus {
  circuit: CircuitState;
  /** A write could not invalidate while Redis was unreachable; the epoch bump is pending. */
  invalidationPending: boolean;
}

interface VersionTag {
  tag: string;
  /** The newest version's value: versions are Redis-clock milliseconds of their last bump. */
  newest: number;
}

// A version is the Redis clock in ms at its last bump (or the previous version + 1 when bumped twice
// in one ms): monotonic, never reused, and it tells readers how long ago the namespace last changed.
const BUMP_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i, key in ipairs(KEYS) do
  local nxt = math.max(tonumber(redis.call('GET', key) or '0') + 1, now)
  out[i] = string.format('%.0f', nxt)
  redis.call('SET', key, out[i], 'PX', ARGV[1])
end
return out`;

// A missing version starts at "now" (newer than any value it ever had), created once: concurrent
// first readers all get the one value, so they share one key and one computation.
const INIT_SCRIPT = `
local t = redis.call('TIME')
local now = string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
local out = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('GET', key)
  if not current then
    redis.call('SET', key, now, 'PX', ARGV[1])
    current = now
  end
  out[i] = current
end
return out`;

const tagOf = (values: readonly string[]): VersionTag => ({ tag: values.join('.'), newest: Math.max(...values.map(Number)) });

const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Version keys outlive every value by far; a version that expired is re-created newer than any before. */
const VERSION_TTL_MS = 24 * 3600 * 1000;
const LOCK_POLL_MS = 20;

/**
 * The shared cache: values in Redis through cache-manager (Keyv's Redis store), keyed by versioned
 * namespaces so a write invalidates by bumping a counter instead of scanning keys; a short in-process
 * L1 keyed by the same versioned keys; single-flight per process and a short Redis lock across
 * processes; a circuit breaker that sends requests to the database while Redis fails or is slow.
 */
@Injectable()
export class VersionedCache implements OnApplicationShutdown {
  private readonly logger = new Logger('Cache');
  readonly breaker: CircuitBreaker;
  private readonly metrics = new CacheMetrics();
  private readonly l1: MemoryLayer;
  private readonly inflight = new Map<string, Promise<CachedValue<unknown>>>();
  private readonly memoryVersions = new Map<string, number>();
  private pendingInvalidation: Set<string> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CACHE_MANAGER) private readonly store: Cache,
    private readonly redis: RedisConnection,
    @Inject(CACHE_SETTINGS) readonly settings: CacheSettings,
  ) {
    this.breaker = new CircuitBreaker(settings.breakerFailures, settings.breakerCooldownMs);
    this.l1 = new MemoryLayer(settings.l1TtlMs, settings.l1MaxEntries, settings.l1MaxBytes);
    this.breaker.onChange((state) =>
      state === 'open'
        ? this.logger.warn('cache circuit open: requests bypass the cache')
        : state === 'closed' && this.logger.log('cache circuit closed: cache back in use'),
    );
  }

  get status(): CacheStatus {
    return { circuit: this.breaker.state, invalidationPending: this.pendingInvalidation !== undefined };
  }

  async getOrCompute<T>(lookup: CachedLookup<T>): Promise<CachedValue<T>> {
    if (lookup.skipCache || !this.breaker.allows()) return this.bypass(lookup);
    let version: VersionTag;
    try {
      version = await this.versionTag(lookup.versions);
    } catch {
      return this.bypass(lookup);
    }
    const valueKey = CacheKeys.value(lookup.layer, lookup.key, version.tag);
    const local = this.l1.get(valueKey);
    if (local !== undefined) {
      this.count(lookup, 'hit');
      return { value: local as T, served: 'hit' };
    }
    const running = this.inflight.get(valueKey) as Promise<CachedValue<T>> | undefined;
    if (running) {
      // Single-flight: served by the computation already under way, so counted as a hit.
      const { value, served } = await running;
      this.count(lookup, served === 'bypass' ? 'error' : 'hit');
      return { value, served: served === 'bypass' ? 'bypass' : 'hit' };
    }
    const leading = this.lead(lookup, valueKey, version).finally(() => this.inflight.delete(valueKey));
    this.inflight.set(valueKey, leading);
    return leading;
  }

  /**
   * The value stored under the current versions, if any: a lookup that never computes and never
   * creates a version (a missing one means nothing can be stored under it). Counts its hits only; a
   * miss is counted by the `getOrCompute` that follows it. Undefined while the circuit is open;
   * rejects when Redis fails (the breaker has counted it), so that the caller can skip the cache.
   */
  async peek<T>(lookup: StoredLookup): Promise<T | undefined> {
    if (!this.breaker.allows()) return undefined;
    const version = await this.existingVersionTag(lookup.versions);
    if (version === undefined) return undefined;
    const valueKey = CacheKeys.value(lookup.layer, lookup.key, version.tag);
    const local = this.l1.get(valueKey) as T | undefined;
    if (local !== undefined) {
      this.count(lookup, 'hit');
      return local;
    }
    const stored = await this.read<T>(valueKey);
    if (stored !== undefined) this.hit(lookup, valueKey, stored);
    return stored;
  }

  /**
   * `peek` without a round trip or a promise: the value when this process holds it now (its versions
   * known from Redis's tracking, the value in L1), else undefined and the caller asks `peek`. Only
   * while the circuit is closed: in half-open the probe must reach Redis. Counts its hits.
   */
  peekHeld<T>(lookup: StoredLookup): T | undefined {
    const tracked = this.redis.tracked;
    if (!tracked || this.breaker.state !== 'closed') return undefined;
    const values = tracked.cached(this.versionKeys(lookup.versions));
    if (values === undefined || values.includes(null)) return undefined;
    const local = this.l1.get(CacheKeys.value(lookup.layer, lookup.key, tagOf(values as string[]).tag)) as T | undefined;
    if (local !== undefined) this.count(lookup, 'hit');
    return local;
  }

  /**
   * After a committed write: every key built on these namespaces becomes unreachable at once, in
   * every process. Never throws; if Redis cannot be told, the whole cache is invalidated (epoch)
   * as soon as it can be.
   */
  async bump(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    if (!this.redis.client) {
      for (const name of names) this.memoryVersions.set(name, Math.max((this.memoryVersions.get(name) ?? 0) + 1, Date.now()));
      return;
    }
    try {
      await this.bumpInRedis(names);
    } catch (error) {
      this.logger.warn(`could not invalidate ${names.join(', ')}: ${String(error)}; the cache epoch will be bumped`);
      this.scheduleEpochBump();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.retryTimer);
  }

  private async lead<T>(lookup: CachedLookup<T>, valueKey: string, version: VersionTag): Promise<CachedValue<T>> {
    const storing = !(lookup.fromReplica && Date.now() - version.newest < this.settings.replicaSettleMs);
    let stored: T | undefined;
    try {
      stored = await this.read<T>(valueKey);
    } catch {
      return this.bypass(lookup);
    }
    if (stored !== undefined) return this.hit(lookup, valueKey, stored);

    let lock: string | undefined;
    if (storing) {
      lock = await this.tryLock(valueKey);
      if (lock === undefined) {
        const waited = await this.waitFor<T>(valueKey);
        if (waited !== undefined) return this.hit(lookup, valueKey, waited);
      }
    }
    try {
      const value = await lookup.compute();
      if (storing && (lookup.storable?.(value) ?? true)) {
        this.l1.set(valueKey, value);
        await this.write(valueKey, value, lookup.ttlMs).catch(() => undefined);
      }
      this.count(lookup, 'miss');
      return { value, served: 'miss' };
    } finally {
      if (lock) void this.unlock(valueKey, lock);
    }
  }

  private hit<T>(lookup: StoredLookup, valueKey: string, value: T): CachedValue<T> {
    this.l1.set(valueKey, value);
    this.count(lookup, 'hit');
    return { value, served: 'hit' };
  }

  private async bypass<T>(lookup: CachedLookup<T>): Promise<CachedValue<T>> {
    this.count(lookup, 'error');
    return { value: await lookup.compute(), served: 'bypass' };
  }

  private count(lookup: Pick<CachedLookup<unknown>, 'layer' | 'route'>, result: CacheResult): void {
    this.metrics.request(lookup.layer, lookup.route, result);
  }

  private async versionTag(names: readonly string[]): Promise<VersionTag> {
    const all = [CacheKeys.EPOCH, ...names];
    if (!this.redis.client) {
      return tagOf(all.map((name) => String(this.memoryVersions.get(name) ?? this.initMemoryVersion(name))));
    }
    const values = await this.readVersions(all);
    const missing = all.filter((_, index) => values[index] === null);
    if (missing.length > 0) {
      // First use, or a version key lost (eviction, Redis restarted empty): start it at "now",
      // which is newer than any value it ever had, so no old entry becomes reachable again.
      const created = await this.runVersionScript(INIT_SCRIPT, 'init', missing);
      for (const [index, name] of all.entries()) if (values[index] === null) values[index] = created[missing.indexOf(name)]!;
    }
    return tagOf(values as string[]);
  }

  /** The current version tag, or undefined while any of its versions does not exist yet. */
  private async existingVersionTag(names: readonly string[]): Promise<VersionTag | undefined> {
    const all = [CacheKeys.EPOCH, ...names];
    const values = this.redis.client
      ? await this.readVersions(all)
      : all.map((name) => this.memoryVersions.get(name)?.toString() ?? null);
    return values.includes(null) ? undefined : tagOf(values as string[]);
  }

  private readVersions(names: readonly string[]): Promise<(string | null)[]> {
    const keys = names.map((name) => CacheKeys.version(this.settings.namespace, name));
    // Held versions only while the circuit is closed: a half-open probe must reach Redis and report.
    const held = this.breaker.state === 'closed' ? this.redis.tracked?.cached(keys) : undefined;
    return held ? Promise.resolve(held) : this.redisOp('versions', () => this.redis.readTracked(keys));
  }

  /** The Redis keys of `[epoch, ...names]`. */
  private versionKeys(names: readonly string[]): string[] {
    const keys = [CacheKeys.version(this.settings.namespace, CacheKeys.EPOCH)];
    for (const name of names) keys.push(CacheKeys.version(this.settings.namespace, name));
    return keys;
  }

  private initMemoryVersion(name: string): number {
    const now = Date.now();
    this.memoryVersions.set(name, now);
    return now;
  }

  private bumpInRedis(names: readonly string[]): Promise<string[]> {
    const keys = names.map((name) => CacheKeys.version(this.settings.namespace, name));
    return this.redis.writingTracked(keys, () => this.runVersionScript(BUMP_SCRIPT, 'bump', names));
  }

  private runVersionScript(script: string, operation: string, names: readonly string[]): Promise<string[]> {
    const client = this.redis.client!;
    const keys = names.map((name) => CacheKeys.version(this.settings.namespace, name));
    return this.redisOp(
      operation,
      async () => (await client.eval(script, { keys, arguments: [String(VERSION_TTL_MS)] })) as string[],
    );
  }

  private scheduleEpochBump(): void {
    this.pendingInvalidation ??= new Set();
    if (this.retryTimer) return;
    this.retryTimer = setInterval(() => {
      this.bumpInRedis([CacheKeys.EPOCH]).then(
        () => {
          this.logger.log('cache epoch bumped after an invalidation Redis missed');
          this.pendingInvalidation = undefined;
          clearInterval(this.retryTimer);
          this.retryTimer = undefined;
        },
        () => undefined,
      );
    }, this.settings.breakerCooldownMs);
    this.retryTimer.unref();
  }

  private async read<T>(valueKey: string): Promise<T | undefined> {
    if (this.redis.client && !this.redis.client.isReady) throw this.fail(new CacheUnavailable('Redis not ready'));
    const value = await this.redisOp('get', () => this.store.get<T>(valueKey));
    return value ?? undefined;
  }

  private async write(valueKey: string, value: unknown, ttlMs: number): Promise<void> {
    await this.redisOp('set', () => this.store.set(valueKey, value, ttlMs));
  }

  /** The lock token when this process computes; undefined when another process holds the lock. */
  private async tryLock(valueKey: string): Promise<string | undefined> {
    const client = this.redis.client;
    const token = randomBytes(8).toString('hex');
    if (!client) return token;
    try {
      const key = CacheKeys.lock(this.settings.namespace, valueKey);
      const acquired = await this.redisOp('lock', () =>
        client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: this.settings.lockTtlMs } }),
      );
      return acquired === 'OK' ? token : undefined;
    } catch {
      return token; // Could not ask: compute (the breaker now knows Redis is failing).
    }
  }

  private async unlock(valueKey: string, token: string): Promise<void> {
    const client = this.redis.client;
    if (!client) return;
    const key = CacheKeys.lock(this.settings.namespace, valueKey);
    await this.redisOp('unlock', () => client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [token] })).catch(() => undefined);
  }

  /** Another process is computing this value: poll briefly for it, then compute anyway. */
  private async waitFor<T>(valueKey: string): Promise<T | undefined> {
    const deadline = Date.now() + this.settings.lockWaitMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      try {
        const value = await this.read<T>(valueKey);
        if (value !== undefined) return value;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** One Redis round trip under the time budget; its outcome feeds the circuit breaker. */
  private async redisOp<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      const value = await this.metrics.time('redis', operation, () => withinBudget(work(), this.settings.opTimeoutMs));
      this.breaker.succeeded();
      return value;
    } catch (error) {
      throw this.fail(error);
    }
  }

  private fail(error: unknown): unknown {
    this.breaker.failed();
    return error;
  }
}
