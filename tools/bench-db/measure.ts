import type { Connections } from './connections.js';

/** Latency figures of one measurement, in milliseconds. */
export interface LatencyStats {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Completed queries per second over the measured window, all workers together. */
  perSecond: number;
  firstError?: string;
  /** Why a first window was thrown away and measured again (errors, a server restarted by another run). */
  remeasured?: string;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/** Nearest-rank percentile of ascending `sorted`: the smallest value with at least p % of the samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(latencies: number[], errors: number, windowSeconds: number, firstError?: string): LatencyStats {
  const sorted = latencies.sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    errors,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    perSecond: windowSeconds > 0 ? sorted.length / windowSeconds : 0,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

const NS_PER_MS = 1_000_000n;
export const elapsedMs = (since: bigint): number => Number(process.hrtime.bigint() - since) / Number(NS_PER_MS);

/** A worker stops after this many errors: a broken statement should not spin for the whole window. */
const MAX_ERRORS = 50;

/**
 * One worker per connection, each running `next()` back to back until the window ends. Latency is
 * timed with process.hrtime.bigint() around each `client.query`, and recorded for every query that
 * ends after the warm-up. A failed query is counted, and its connection reopened.
 */
export async function runWorkers(
  connections: Connections,
  window: { warmup: number; seconds: number },
  next: () => Statement,
): Promise<LatencyStats> {
  const start = process.hrtime.bigint();
  const measureFrom = start + BigInt(Math.round(window.warmup * 1e9));
  const end = measureFrom + BigInt(Math.round(window.seconds * 1e9));
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (index: number): Promise<void> => {
    let own = 0;
    while (own < MAX_ERRORS) {
      const { sql, params } = next();
      const at = process.hrtime.bigint();
      if (at >= end) return;
      try {
        await connections.client(index).query(sql, params);
        // Every query still running when the warm-up ends counts: a stall that spans the window must show.
        if (process.hrtime.bigint() >= measureFrom) latencies.push(elapsedMs(at));
      } catch (error) {
        own += 1;
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        await connections.reopen(index);
      }
    }
  };
  await Promise.all(Array.from({ length: connections.size }, (_, index) => worker(index)));
  return summarize(latencies, errors, window.seconds, firstError);
}
