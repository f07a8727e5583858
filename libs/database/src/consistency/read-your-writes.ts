import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisConnection } from '@azora/cache';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import { parseLsn, type Lsn } from '../replication/lsn.js';
import { consistencyScope } from './consistency-scope.js';

/** The caller must read at or after this WAL position; `unknown` means "cannot tell: use the primary". */
export type ReadRequirement = Lsn | 'none' | 'unknown';

const key = (userId: string): string => `azora:ryw:${userId}`;

/** A slow Redis must not hold reads back: past this, the read goes to the primary. */
const REDIS_TIMEOUT_MS = 50;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

// Keep the highest position only: of two writes racing, the later WAL position must win.
const RAISE_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

/**
 * Read-your-writes across pods: after a user's write, the primary's WAL position is kept in Redis
 * for a while, and that user's replica reads go only to replicas that replayed it.
 */
@Injectable()
export class ReadYourWrites {
  private readonly logger = new Logger(ReadYourWrites.name);
  private readonly memory = new Map<string, { lsn: Lsn; expiresAt: number }>();
  private readonly ttlMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) config: BaseEnv,
  ) {
    this.ttlMs = config.READ_YOUR_WRITES_TTL_MS;
  }

  /** Never fails the request: the write is committed; at worst this user's next replica read is stale. */
  async recordWrite(userId: string): Promise<void> {
    try {
      await this.record(userId);
    } catch (error) {
      this.logger.warn(`could not record a write position: ${String(error)}`);
    }
  }

  private async record(userId: string): Promise<void> {
    const rows = (await this.dataSource.query('SELECT pg_current_wal_lsn()::text AS lsn')) as { lsn: string }[];
    const lsn = parseLsn(rows[0]?.lsn);
    if (lsn === undefined) return;
    if (!this.redis.client) {
      const previous = this.memory.get(userId)?.lsn ?? 0n;
      this.memory.set(userId, { lsn: lsn > previous ? lsn : previous, expiresAt: Date.now() + this.ttlMs });
      return;
    }
    await withTimeout(
      this.redis.client.eval(RAISE_SCRIPT, { keys: [key(userId)], arguments: [lsn.toString(), String(this.ttlMs)] }),
      REDIS_TIMEOUT_MS,
    );
  }

  /** What the current request's user must see, from the consistency scope. */
  async requirement(): Promise<ReadRequirement> {
    const userId = consistencyScope.getStore()?.userId;
    if (!userId) return 'none';
    if (!this.redis.client) return this.fromMemory(userId);
    try {
      const value = await withTimeout(this.redis.client.get(key(userId)), REDIS_TIMEOUT_MS);
      return value ? BigInt(value) : 'none';
    } catch {
      return 'unknown';
    }
  }

  private fromMemory(userId: string): ReadRequirement {
    const entry = this.memory.get(userId);
    return entry && entry.expiresAt > Date.now() ? entry.lsn : 'none';
  }
}
