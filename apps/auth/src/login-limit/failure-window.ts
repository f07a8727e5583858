/**
 * The failed sign-ins of one account within a sliding window. An attempt takes its slot before the
 * password is checked, so concurrent guesses cannot slip past the limit while argon2 runs; a wrong
 * password leaves the slot taken (it is the recorded failure), a right one clears the account.
 */
export interface FailureWindow {
  /** 0 when the attempt got a slot, otherwise the milliseconds until the oldest counted one ages out. */
  reserve(key: string, attemptId: string, limit: number, windowMs: number): Promise<number>;
  /** The attempt never reached a verdict (an error before the password was judged): give the slot back. */
  release(key: string, attemptId: string): Promise<void>;
  /** The right password: forget every failure of the account. */
  clear(key: string): Promise<void>;
}

/**
 * One sorted set per account: member = attempt id, score = when (Redis's own clock, so pods with
 * skewed clocks agree). Pruning, counting and taking a slot happen in one script, atomically.
 */
export const RESERVE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local blocking = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  return math.max(1, tonumber(blocking[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0`;

/** Only what the window needs of a node-redis client. */
export interface FailureWindowRedis {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  zRem(key: string, member: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export class RedisFailureWindow implements FailureWindow {
  constructor(private readonly redis: FailureWindowRedis) {}

  async reserve(key: string, attemptId: string, limit: number, windowMs: number): Promise<number> {
    const waitMs = await this.redis.eval(RESERVE_SCRIPT, {
      keys: [key],
      arguments: [String(limit), String(windowMs), attemptId],
    });
    return Number(waitMs);
  }

  async release(key: string, attemptId: string): Promise<void> {
    await this.redis.zRem(key, attemptId);
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(key);
  }
}

/** Above this many accounts, a reservation first drops every account whose failures all aged out. */
const MEMORY_SWEEP_THRESHOLD = 10_000;

/** The same window in process memory, for the local-only REDIS_MEMORY_FALLBACK mode. */
export class MemoryFailureWindow implements FailureWindow {
  private readonly accounts = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(key: string, attemptId: string, limit: number, windowMs: number): Promise<number> {
    const now = this.now();
    if (this.accounts.size > MEMORY_SWEEP_THRESHOLD) this.sweep(now - windowMs);
    const attempts = this.accounts.get(key) ?? new Map<string, number>();
    for (const [id, at] of attempts) if (at <= now - windowMs) attempts.delete(id);
    if (attempts.size >= limit) {
      const times = [...attempts.values()].sort((a, b) => a - b);
      return Math.max(1, times[attempts.size - limit]! + windowMs - now);
    }
    attempts.set(attemptId, now);
    this.accounts.set(key, attempts);
    return 0;
  }

  async release(key: string, attemptId: string): Promise<void> {
    this.accounts.get(key)?.delete(attemptId);
  }

  async clear(key: string): Promise<void> {
    this.accounts.delete(key);
  }

  get size(): number {
    return this.accounts.size;
  }

  private sweep(cutoff: number): void {
    for (const [key, attempts] of this.accounts) {
      if ([...attempts.values()].every((at) => at <= cutoff)) this.accounts.delete(key);
    }
  }
}
