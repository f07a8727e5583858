import autocannon from 'autocannon';

/** One autocannon run, as the report quotes it; latencies in milliseconds. */
export interface LoadResult {
  seconds: number;
  requests: number;
  /** Completed requests per second over the run. */
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  /** Socket errors and timeouts: requests that got no answer at all. */
  errors: number;
  timeouts: number;
  bytesPerSecond: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** How long to run; ignored when `requests` is given. */
  seconds?: number;
  /** Stop after this many requests instead of after `seconds`. */
  requests?: number;
  headers?: Record<string, string>;
  /** Requests per second across all connections (open loop); as fast as answers come when absent. */
  overallRate?: number;
  /** The path of each request; every request goes to `url` when absent. */
  nextPath?: () => string;
  /** Called for each response's status, e.g. to tell hits from misses by header. */
  onResponse?: (status: number, headers: Record<string, string | string[] | undefined>) => void;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { nextPath, onResponse } = options;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.requests ? { amount: options.requests } : { duration: options.seconds }),
    headers: options.headers,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    // Generous: a request the service never answers must show as an error, not as a 10 s latency.
    timeout: 10,
    requests: [
      {
        ...(nextPath ? { setupRequest: (request) => ({ ...request, path: nextPath() }) } : {}),
        ...(onResponse ? { onResponse: (status, _body, _context, headers) => onResponse(status, headers ?? {}) } : {}),
      },
    ],
  });
  return {
    seconds: result.duration,
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerSecond: result.throughput.average,
  };
}
