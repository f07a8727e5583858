import { Logger } from '@nestjs/common';
import { createClient, type RedisClientType } from '@redis/client';
import { createInvalidatingClient, TrackedKeys, type InvalidatingRedisClient } from './tracked-keys.js';

export interface RedisConnectionOptions {
  url: string;
  memoryFallback: boolean;
  connectTimeoutMs?: number;
  /** Read cache versions and sessions on a second, tracked connection (`REDIS_CLIENT_TRACKING`). */
  trackedReads?: boolean;
}

/** A safety bound only: entries leave when Redis pushes their invalidation (TrackedKeys). */
const TRACKED_ENTRY_TTL_MS = 1000;
const TRACKED_MAX_KEYS = 10_000;

/**
 * The process's one Redis connection. When Redis is unreachable at boot and the fallback is
 * allowed (local development), `client` is undefined and callers use process memory instead.
 */
export class RedisConnection {
  private static readonly logger = new Logger('Redis');

  private constructor(
    readonly client: RedisClientType | undefined,
    /**
     * Keys read often and written rarely (cache versions, sessions), held in memory until Redis says
     * they changed; undefined when off or in the memory fallback.
     */
    readonly tracked: TrackedKeys | undefined,
    private readonly trackedClient?: InvalidatingRedisClient,
  ) {}

  static async connect(options: RedisConnectionOptions): Promise<RedisConnection> {
    const timeoutMs = options.connectTimeoutMs ?? 2000;
    const client: RedisClientType = createClient(clientOptions(options.url, timeoutMs));
    RedisConnection.logStateChanges(client);
    const connecting = client.connect();
    const connected = await withTimeout(connecting, timeoutMs).then(
      () => true,
      () => false,
    );
    if (!connected && options.memoryFallback) {
      client.destroy();
      RedisConnection.logger.warn(`Redis is unreachable at ${redactUrl(options.url)}: falling back to process memory`);
      return new RedisConnection(undefined, undefined);
    }
    if (!connected) {
      // Production: start anyway and keep reconnecting; readiness reports Redis down until it is back.
      connecting.catch(() => undefined);
      RedisConnection.logger.error(`Redis is unreachable at ${redactUrl(options.url)}: reconnecting`);
    }
    if (!options.trackedReads) return new RedisConnection(client, undefined);
    const tracked = await RedisConnection.openTracked(options.url, timeoutMs);
    return new RedisConnection(client, new TrackedKeys(tracked, TRACKED_ENTRY_TTL_MS, TRACKED_MAX_KEYS), tracked);
  }

  /** Like the main connection, it keeps reconnecting; while it is not ready its reads fail at once (so the cache bypasses). */
  private static async openTracked(url: string, timeoutMs: number): Promise<InvalidatingRedisClient> {
    const tracked = createInvalidatingClient(clientOptions(url, timeoutMs));
    RedisConnection.logStateChanges(tracked, 'Redis tracking connection');
    const connecting = tracked.connect();
    // Not reachable in time: boot goes on while it keeps reconnecting (its promise settles only then).
    await withTimeout(connecting, timeoutMs).catch(() => void connecting.catch(() => undefined));
    return tracked;
  }

  /** Once per change of state, not once per reconnect attempt. */
  private static logStateChanges(client: RedisClientType | InvalidatingRedisClient, name = 'Redis connection'): void {
    let healthy = true;
    client.on('error', (error: Error) => {
      if (healthy) RedisConnection.logger.warn(`${name} lost: ${error.message}`);
      healthy = false;
    });
    client.on('ready', () => {
      if (!healthy) RedisConnection.logger.log(`${name} restored`);
      healthy = true;
    });
  }

  /**
   * `keys` read on the tracked connection, so this process may hold them until they change; on the
   * main connection while that one is not ready or fails (nothing is held then).
   */
  readTracked(keys: string[]): Promise<(string | null)[]> {
    const client = this.client!;
    const tracked = this.tracked;
    if (!tracked?.isReady) return client.mGet(keys);
    return tracked.mGet(keys).catch(() => client.mGet(keys));
  }

  /**
   * This process's own write of `keys`: held copies are forgotten before it and again once it has
   * settled (a read that reached Redis just before the write may have been kept meanwhile), so the
   * writer never waits for Redis's push to see its write.
   */
  async writingTracked<T>(keys: readonly string[], write: () => Promise<T>): Promise<T> {
    this.tracked?.forget(keys);
    try {
      return await write();
    } finally {
      this.tracked?.forget(keys);
    }
  }

  get isMemoryFallback(): boolean {
    return this.client === undefined;
  }

  async ping(): Promise<void> {
    if (!this.client) return;
    await this.client.ping();
  }

  async close(): Promise<void> {
    await Promise.all([closeClient(this.client), closeClient(this.trackedClient)]);
  }
}

function clientOptions(url: string, timeoutMs: number) {
  return {
    url,
    // Fail commands at once while disconnected instead of queueing them behind a dead socket.
    disableOfflineQueue: true,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries: number) => Math.min(retries * 100, 2000) },
  };
}

async function closeClient(client: RedisClientType | InvalidatingRedisClient | undefined): Promise<void> {
  if (client?.isReady) await client.close();
  else if (client?.isOpen) client.destroy();
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
