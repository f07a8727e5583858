import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';

export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';
export const HTTP_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5];

const UNMATCHED_ROUTE = 'unmatched';

/**
 * Observes every response in Fastify's onResponse hook, labelled by the route pattern (never the
 * raw URL, so label cardinality stays bounded), the method and the status.
 */
export function observeHttpDurations(fastify: FastifyInstance, histogram: Histogram<string>): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    histogram.observe(
      { route: request.routeOptions.url ?? UNMATCHED_ROUTE, method: request.method, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
