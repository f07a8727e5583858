import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadOptions, LoadResult } from './load.js';
import type { RunningService } from './services.js';
import type { SteadyRateOptions } from './steady-rate.js';

/** Only options that cross a process boundary: no callbacks. */
type PlainLoadOptions = Omit<LoadOptions, 'nextPath' | 'onResponse'>;

export type LoadJob = { kind: 'closed'; options: PlainLoadOptions } | { kind: 'steady'; options: SteadyRateOptions };

/**
 * Runs a load generator in a fresh child process. Latencies are measured by the generator, so its
 * own pauses count against the service: inside the benchmark, whose heap holds every earlier step's
 * figures, garbage collections showed as 10-60 ms tails of the bare app too.
 */
export function runApart(job: LoadJob): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL('./load-child.js', import.meta.url)), { stdio: 'inherit' });
  // A hung generator must not hold the other targets paused forever (measuredAlone resumes them when this settles).
  const limitMs = (jobSeconds(job) + 60) * 1000;
  let timer: NodeJS.Timeout | undefined;
  return new Promise<LoadResult>((resolve, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the load generator did not report within ${limitMs / 1000} s`));
    }, limitMs);
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the load generator exited with code ${String(code)} before reporting`)));
    child.send(job);
  }).finally(() => clearTimeout(timer));
}

function jobSeconds(job: LoadJob): number {
  if (job.kind === 'steady') return job.options.seconds + (job.options.warmupSeconds ?? 0);
  return job.options.seconds ?? 60; // a request count: bounded by the same minute of slack
}

/**
 * Measures `target` with the other targets paused (SIGSTOP, then SIGCONT), as a service runs on a
 * node of its own: idle, they still wake for their timers (replica lag polls, metrics) and take a
 * core from the one under load at random moments, which lands in its tail latency.
 */
export async function measuredAlone<T>(
  target: RunningService,
  all: readonly RunningService[],
  measure: () => Promise<T>,
): Promise<T> {
  const others = all.filter((other) => other !== target && other.pid !== undefined);
  for (const other of others) signal(other, 'SIGSTOP');
  try {
    return await measure();
  } finally {
    for (const other of others) signal(other, 'SIGCONT');
  }
}

export function signal(service: RunningService, name: 'SIGSTOP' | 'SIGCONT'): void {
  try {
    process.kill(service.pid!, name);
  } catch {
    // Already gone: nothing to pause or resume.
  }
}
