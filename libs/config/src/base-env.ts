import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

const toBool = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value === 'true' : value);

const DEVELOPMENT_JWT_SECRET = 'azora-development-secret-change-me-0123456789';

/** Environment every service reads. Each app's defaults file sets what its own process lacks. */
export class BaseEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Request lines: `all` writes one per request; `errors-and-slow` only failed/5xx ones (error) and
   * those slower than HTTP_SLOW_REQUEST_MS (warn). Empty: errors-and-slow in production, else all.
   */
  @IsIn(['', 'all', 'errors-and-slow'])
  HTTP_REQUEST_LOG: '' | 'all' | 'errors-and-slow' = '';

  @IsInt()
  @Min(1)
  HTTP_SLOW_REQUEST_MS = 500;

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/azora';

  /** Comma-separated replica URLs (through PgBouncer); empty means every read goes to the primary. */
  @IsString()
  DATABASE_REPLICA_URLS = '';

  /** A direct (not pooled) primary URL for migrations, whose advisory lock needs a session; defaults to DATABASE_URL. */
  @IsString()
  DATABASE_MIGRATION_URL = '';

  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 20;

  /** A replica further behind than this leaves the rotation until it catches up. */
  @IsInt()
  @Min(100)
  REPLICA_MAX_LAG_MS = 2000;

  @IsInt()
  @Min(50)
  REPLICA_POLL_INTERVAL_MS = 250;

  /** How long a user's own writes pin that user's replica-eligible reads to replicas that replayed them. */
  @IsInt()
  @Min(1000)
  READ_YOUR_WRITES_TTL_MS = 60_000;

  @IsInt()
  @Min(1)
  DB_SLOW_QUERY_MS = 50;

  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsUrl({ protocols: ['nats'], require_tld: false })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString()
  @MinLength(32)
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  @IsInt()
  @Min(60)
  JWT_ACCESS_TTL_SECONDS = 900;

  @IsInt()
  @Min(60)
  SESSION_TTL_SECONDS = 3600;

  @Transform(toBool)
  @IsBoolean()
  DB_MIGRATE_ON_BOOT = true;

  /** Local development only: without Redis, sessions and caches live in each process (see README). */
  @Transform(toBool)
  @IsBoolean()
  REDIS_MEMORY_FALLBACK = false;

  /** Prefix of every cache key (`<namespace>:…`); tests give each database its own. See docs/caching.md. */
  @Matches(/^[\w.-]{1,64}$/)
  CACHE_NAMESPACE = 'azora';

  /** Data layer (hot entities cached at the repository). */
  @IsInt()
  @Min(1)
  CACHE_DATA_TTL_SECONDS = 300;

  /** API response layer (GET only); routes may set their own TTL with `@CachedResponse({ ttlSeconds })`. */
  @IsInt()
  @Min(1)
  CACHE_RESPONSE_TTL_SECONDS = 60;

  @Transform(toBool)
  @IsBoolean()
  RESPONSE_CACHE_ENABLED = true;

  /** Anonymous response-cache hits answered before Nest's guards, pipes and interceptors (docs/caching.md). */
  @Transform(toBool)
  @IsBoolean()
  CACHE_EARLY_HITS = true;

  /**
   * Cache versions and sessions read through a Redis-tracked connection (client-side caching with
   * invalidation pushes): no Redis round trip while they are unchanged (docs/caching.md).
   */
  @Transform(toBool)
  @IsBoolean()
  REDIS_CLIENT_TRACKING = true;

  @Transform(toBool)
  @IsBoolean()
  DATA_CACHE_ENABLED = true;

  /** A cache operation slower than this counts as a failure and the request goes to the database. */
  @IsInt()
  @Min(1)
  CACHE_OP_TIMEOUT_MS = 50;

  /** Consecutive cache failures that open the circuit; it half-opens after the cooldown. */
  @IsInt()
  @Min(1)
  CACHE_BREAKER_FAILURES = 3;

  @IsInt()
  @Min(50)
  CACHE_BREAKER_COOLDOWN_MS = 1000;

  /**
   * In-process layer in front of Redis, keyed by versioned keys (so invalidation stays immediate);
   * 0 = off (docs/caching.md).
   */
  @IsInt()
  @Min(0)
  @Max(5000)
  CACHE_L1_TTL_MS = 2000;

  /** Cross-process stampede lock: how long it is held at most, and how long others wait for its value. */
  @IsInt()
  @Min(100)
  CACHE_LOCK_TTL_MS = 2000;

  @IsInt()
  @Min(0)
  CACHE_LOCK_WAIT_MS = 500;

  /**
   * Response compression (brotli, gzip from 1 KB; docs/http-caching.md). `false` serves every body
   * as it is, for load-test baselines that measure without it.
   */
  @Transform(toBool)
  @IsBoolean()
  HTTP_COMPRESSION_ENABLED = true;

  /**
   * Readiness while Redis is unreachable: `down` (503: the pod leaves the Service) or `degraded`
   * (200: for services whose public reads work without Redis, such as the course catalog).
   */
  @IsIn(['down', 'degraded'])
  REDIS_OUTAGE_READINESS: 'down' | 'degraded' = 'down';

  /** Settings that validate one by one but must never reach production together. */
  crossCheck(): string[] {
    if (this.NODE_ENV !== 'production') return [];
    return [
      ...(this.JWT_SECRET === DEVELOPMENT_JWT_SECRET
        ? ['JWT_SECRET: the development default must not be used in production']
        : []),
      ...(this.REDIS_MEMORY_FALLBACK ? ['REDIS_MEMORY_FALLBACK: per-process sessions break logout across pods'] : []),
    ];
  }
}
