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
  return new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('exit', (code) => reject(new Error(`the load generator exited with code ${code} before reporting`)));
    child.send(job);
  });
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
