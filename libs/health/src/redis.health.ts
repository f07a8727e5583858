import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RedisConnection } from '@azora/cache';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisConnection,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Process-memory fallback (local development only) serves, but is reported as degraded. */
  async check(key = 'redis'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    if (this.redis.isMemoryFallback) return indicator.degraded({ message: 'using process memory' });
    return indicator.attempt(() => this.redis.ping()).withTimeout(1000);
  }
}
