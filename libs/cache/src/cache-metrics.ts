import { Counter, Histogram, register } from 'prom-client';

export const CACHE_REQUESTS_METRIC = 'cache_requests_total';
export const CACHE_DURATION_METRIC = 'cache_operation_duration_seconds';

export type CacheLayer = 'response' | 'data';
export type CacheResult = 'hit' | 'miss' | 'error';

// The default registry is per process and tests boot several apps in one: register once, reuse after.
function counter(): Counter<'layer' | 'route' | 'result'> {
  return (
    (register.getSingleMetric(CACHE_REQUESTS_METRIC) as Counter<'layer' | 'route' | 'result'> | undefined) ??
    new Counter({
      name: CACHE_REQUESTS_METRIC,
      help: 'Cache lookups by layer (response, data), route and result (hit, miss, error = cache bypassed)',
      labelNames: ['layer', 'route', 'result'],
    })
  );
}

function histogram(): Histogram<'layer' | 'operation'> {
  return (
    (register.getSingleMetric(CACHE_DURATION_METRIC) as Histogram<'layer' | 'operation'> | undefined) ??
    new Histogram({
      name: CACHE_DURATION_METRIC,
      help: 'Cache operation latency in seconds, by layer (l1, redis) and operation',
      labelNames: ['layer', 'operation'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    })
  );
}

export class CacheMetrics {
  private readonly requests = counter();
  private readonly durations = histogram();

  request(layer: CacheLayer, route: string, result: CacheResult): void {
    this.requests.inc({ layer, route, result });
  }

  /** Times `operation` against a store (`redis` or `l1`), whether it succeeds or fails. */
  async time<T>(store: 'redis' | 'l1', operation: string, work: () => Promise<T>): Promise<T> {
    const end = this.durations.startTimer({ layer: store, operation });
    try {
      return await work();
    } finally {
      end();
    }
  }
}
