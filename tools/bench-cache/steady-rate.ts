import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { LoadResult } from './load.js';

export interface SteadyRateOptions {
  url: string;
  connections: number;
  /** Requests per second, evenly spaced. */
  rate: number;
  /** Measured seconds, after `warmupSeconds` at the same rate whose requests are not recorded. */
  seconds: number;
  /** Opens the connections and warms both sides' JIT; a new pool's first half second is much slower. */
  warmupSeconds?: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Open loop at an even rate, as k6's constant-arrival-rate or wrk2: request i is due at
 * start + i / rate whatever became of the ones before, and its latency counts from when it was due,
 * so time spent queued for one of the `connections` keep-alive connections is included. autocannon's
 * `overallRate` is not this: each connection sends its per-second quota at once when the second
 * starts, so its latencies are those of a burst of the whole second's requests.
 */
export async function runSteadyRate(options: SteadyRateOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const path = `${target.pathname}${target.search}`;
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 });
  const warmup = Math.round(options.rate * (options.warmupSeconds ?? 0));
  const total = warmup + Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let [non2xx, errors, sent] = [0, 0, 0];
  const start = performance.now();
  const measuredFrom = start + warmup * interval;
  const send = (due: number, recorded: boolean): void => {
    const request = pool
      .request({ path, method: 'GET' })
      .then(async (response) => {
        await response.body.dump();
        if (!recorded) return;
        if (response.statusCode < 200 || response.statusCode >= 300) non2xx++;
        latencies.push(performance.now() - due);
      })
      .catch(() => void (recorded && errors++))
      .finally(() => pending.delete(request));
    pending.add(request);
  };
  while (sent < total) {
    const wait = start + sent * interval - performance.now();
    if (wait >= 1) await sleep(Math.floor(wait));
    else await new Promise(setImmediate);
    for (const now = performance.now(); sent < total && start + sent * interval <= now; sent++)
      send(start + sent * interval, sent >= warmup);
  }
  await Promise.all(pending);
  await pool.close();
  const seconds = (performance.now() - measuredFrom) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    non2xx,
    errors,
    timeouts: 0,
    bytesPerSecond: 0,
  };
}
