import type { Flow } from './profiles.js';

/** One completed (or failed) request. `at` and `ms` are milliseconds; `at` counts from the run's start. */
export interface Sample {
  flow: Flow | 'setup';
  name: string;
  at: number;
  ms: number;
  ok: boolean;
}

export interface ErrorExample {
  name: string;
  detail: string;
  count: number;
}

/** Everything the VUs measured, in memory: a few hundred thousand samples fit easily. */
export class Recorder {
  readonly samples: Sample[] = [];
  readonly checks = new Map<string, { passed: number; failed: number }>();
  private readonly errorExamples = new Map<string, ErrorExample>();
  private readonly origin = performance.now();
  requestsStarted = 0;

  now(): number {
    return performance.now() - this.origin;
  }

  /** Set once the run is over: requests cut off by the end of the run are not counted. */
  closed = false;

  record(sample: Sample, errorDetail?: string): void {
    if (this.closed) return;
    this.samples.push(sample);
    if (!sample.ok && errorDetail !== undefined) {
      const key = `${sample.name}: ${errorDetail}`;
      const example = this.errorExamples.get(key) ?? { name: sample.name, detail: errorDetail, count: 0 };
      example.count += 1;
      this.errorExamples.set(key, example);
    }
  }

  /** k6's check(): a response had the promised shape, or not. Counted per flow and check. */
  check(flow: Flow, name: string, passed: boolean): boolean {
    const key = `${flow}: ${name}`;
    const entry = this.checks.get(key) ?? { passed: 0, failed: 0 };
    if (passed) entry.passed += 1;
    else entry.failed += 1;
    this.checks.set(key, entry);
    return passed;
  }

  iterationFailures = 0;
  firstIterationFailure: string | undefined;

  iterationFailed(error: unknown): void {
    this.iterationFailures += 1;
    this.firstIterationFailure ??= error instanceof Error ? (error.stack ?? error.message) : String(error);
  }

  errors(): ErrorExample[] {
    return [...this.errorExamples.values()].sort((a, b) => b.count - a.count);
  }
}
