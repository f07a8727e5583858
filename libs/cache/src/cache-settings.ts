import type { BaseEnv } from '@azora/config';

export const CACHE_SETTINGS = Symbol('CACHE_SETTINGS');

/** The three layers and everything that tunes them, in one place (docs/caching.md). */
export interface CacheSettings {
  namespace: string;
  /** Layer 1: sessions (kept by @azora/auth's SessionStore, listed here so the three TTLs live together). */
  sessionTtlMs: number;
  /** Layer 2: hot entities at the repository. */
  dataTtlMs: number;
  /** Layer 3: GET responses, unless a route sets its own TTL. */
  responseTtlMs: number;
  responseEnabled: boolean;
  /** Anonymous response hits answered in a Fastify hook, before Nest routes the request. */
  earlyHits: boolean;
  dataEnabled: boolean;
  opTimeoutMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  l1TtlMs: number;
  l1MaxEntries: number;
  /** Approximate bytes the in-process layer may hold (bodies count as string plus Buffer). */
  l1MaxBytes: number;
  lockTtlMs: number;
  lockWaitMs: number;
  /**
   * After a write, how long a replica may still answer with the old rows: a value computed from a
   * replica inside this window is served but not stored (0 without replicas).
   */
  replicaSettleMs: number;
}

/** The database the default `DATABASE_URL` names; caches of any other database get their own namespace. */
const DEFAULT_DATABASE = 'azora';

/**
 * Cached values derive from one database, so two databases sharing a Redis (parallel test suites,
 * staging next to a demo) must not share them: `azora` for the default database, `azora:<db>` otherwise.
 */
export function cacheNamespace(config: Pick<BaseEnv, 'CACHE_NAMESPACE' | 'DATABASE_URL'>): string {
  const database = databaseName(config.DATABASE_URL);
  return database && database !== DEFAULT_DATABASE ? `${config.CACHE_NAMESPACE}:${database}` : config.CACHE_NAMESPACE;
}

function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    return '';
  }
}

export function cacheSettings(config: Readonly<BaseEnv>): CacheSettings {
  const replicas = config.DATABASE_REPLICA_URLS.split(',').some((url) => url.trim() !== '');
  return {
    namespace: cacheNamespace(config),
    sessionTtlMs: config.SESSION_TTL_SECONDS * 1000,
    dataTtlMs: config.CACHE_DATA_TTL_SECONDS * 1000,
    responseTtlMs: config.CACHE_RESPONSE_TTL_SECONDS * 1000,
    responseEnabled: config.RESPONSE_CACHE_ENABLED,
    earlyHits: config.CACHE_EARLY_HITS,
    dataEnabled: config.DATA_CACHE_ENABLED,
    opTimeoutMs: config.CACHE_OP_TIMEOUT_MS,
    breakerFailures: config.CACHE_BREAKER_FAILURES,
    breakerCooldownMs: config.CACHE_BREAKER_COOLDOWN_MS,
    l1TtlMs: config.CACHE_L1_TTL_MS,
    l1MaxEntries: 1000,
    l1MaxBytes: 32 * 1024 * 1024,
    lockTtlMs: config.CACHE_LOCK_TTL_MS,
    lockWaitMs: config.CACHE_LOCK_WAIT_MS,
    replicaSettleMs: replicas ? config.REPLICA_MAX_LAG_MS + config.REPLICA_POLL_INTERVAL_MS : 0,
  };
}
