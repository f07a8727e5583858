import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RedisConnection, VersionedCache } from '@azora/cache';
import { APP_CONFIG, type BaseEnv } from '@azora/config';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisConnection,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: BaseEnv,
    @Optional() private readonly cache?: VersionedCache,
  ) {}

  /**
   * Process-memory fallback (local development only) serves, but is reported as degraded. With
   * Redis unreachable: down (503), or degraded where the service serves without it
   * (`REDIS_OUTAGE_READINESS`); an open cache circuit (Redis failing or slow) is degraded too.
   */
  async check(key = 'redis'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const cache = this.cache?.status;
    if (this.redis.isMemoryFallback) return indicator.degraded({ message: 'using process memory', cache });
    try {
      await withTimeout(this.redis.ping(), 1000);
    } catch (error) {
      const details = { message: error instanceof Error ? error.message : String(error), cache };
      return this.config.REDIS_OUTAGE_READINESS === 'degraded' ? indicator.degraded(details) : indicator.down(details);
    }
    return cache && cache.circuit !== 'closed' ? indicator.degraded({ cache }) : indicator.up(cache ? { cache } : undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
