import { Module, type DynamicModule } from '@nestjs/common';
import { makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { HTTP_DURATION_BUCKETS, HTTP_DURATION_METRIC } from './http-metrics.js';

const httpDuration = makeHistogramProvider({
  name: HTTP_DURATION_METRIC,
  help: 'HTTP request duration in seconds, by route pattern, method and status',
  labelNames: ['route', 'method', 'status_code'],
  buckets: HTTP_DURATION_BUCKETS,
});

/** `GET /metrics` (outside the /api prefix) with process metrics and the HTTP duration histogram. */
@Module({})
export class MetricsModule {
  static forRoot(service: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          defaultLabels: { service },
          // Process metrics are per process: a second app in the same process (tests) must not register them again.
          defaultMetrics: { enabled: !register.getSingleMetric('process_cpu_user_seconds_total') },
        }),
      ],
      providers: [httpDuration],
      exports: [httpDuration],
    };
  }
}
