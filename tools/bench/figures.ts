import { percentile, summarize, type LatencyStats } from '../bench-db/measure.js';
import { FLOWS, type Flow } from './profiles.js';
import type { Recorder, Sample } from './recorder.js';
import type { LoadWindow, Tick } from './vus.js';

export interface Latency extends LatencyStats {
  errorRate: number;
}

export interface EndpointFigures extends Latency {
  name: string;
  flows: Flow[];
}

export interface TimelinePoint {
  /** Seconds since the first VU started. */
  second: number;
  requests: number;
  errors: number;
  p95: Partial<Record<Flow, number>>;
  connections: number;
}

export interface LoadFigures {
  steadySeconds: number;
  overall: Latency;
  flows: Record<Flow, Latency>;
  login: Latency;
  endpoints: EndpointFigures[];
  /** The whole run, ramp included (setup's registrations excluded). */
  whole: { requests: number; errors: number; errorRate: number };
  percentiles: Record<Flow | 'all', [number, number][]>;
  timeline: TimelinePoint[];
  checks: { name: string; passed: number; failed: number }[];
  peakConnections: number;
  /** Fewest open connections seen during the steady window: how many were held throughout. */
  heldConnections: number;
  iterationFailures: number;
  firstIterationFailure?: string;
  errorExamples: { name: string; detail: string; count: number }[];
}

const PERCENTILES = [50, 75, 90, 95, 99, 99.9];

function latency(samples: readonly Sample[], seconds: number): Latency {
  const errors = samples.filter((s) => !s.ok).length;
  const stats = summarize(
    samples.map((s) => s.ms),
    errors,
    seconds,
  );
  return { ...stats, errorRate: samples.length > 0 ? errors / samples.length : 0 };
}

function endpoints(samples: readonly Sample[], seconds: number): EndpointFigures[] {
  const byName = new Map<string, Sample[]>();
  for (const sample of samples) {
    const list = byName.get(sample.name);
    if (list) list.push(sample);
    else byName.set(sample.name, [sample]);
  }
  return [...byName]
    .map(([name, list]) => ({ name, flows: [...new Set(list.map((s) => s.flow as Flow))], ...latency(list, seconds) }))
    .sort((a, b) => b.count - a.count);
}

function percentileCurve(samples: readonly Sample[]): [number, number][] {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return sorted.length === 0 ? [] : PERCENTILES.map((p) => [p, percentile(sorted, p)]);
}

function timeline(samples: readonly Sample[], window: LoadWindow, ticks: readonly Tick[]): TimelinePoint[] {
  const seconds = Math.ceil((window.end - window.start) / 1000);
  const buckets = Array.from({ length: seconds }, () => [] as Sample[]);
  for (const sample of samples) {
    const index = Math.floor((sample.at + sample.ms - window.start) / 1000);
    if (index >= 0 && index < seconds) buckets[index]!.push(sample);
  }
  return buckets.map((bucket, second) => {
    const p95: Partial<Record<Flow, number>> = {};
    for (const flow of FLOWS) {
      const sorted = bucket
        .filter((s) => s.flow === flow)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      if (sorted.length > 0) p95[flow] = percentile(sorted, 95);
    }
    const tick = ticks.find((t) => t.at >= window.start + (second + 1) * 1000) ?? ticks.at(-1);
    return {
      second,
      requests: bucket.length,
      errors: bucket.filter((s) => !s.ok).length,
      p95,
      connections: tick?.connections ?? 0,
    };
  });
}

/** The run's figures: budgets read the steady window; the whole run's errors count too. */
export function loadFigures(recorder: Recorder, window: LoadWindow, ticks: readonly Tick[]): LoadFigures {
  const run = recorder.samples.filter((s) => s.flow !== 'setup');
  const ends = (s: Sample): number => s.at + s.ms;
  const steady = run.filter((s) => ends(s) >= window.steadyFrom && ends(s) < window.steadyTo);
  const seconds = (window.steadyTo - window.steadyFrom) / 1000;
  const flows = Object.fromEntries(
    FLOWS.map((flow) => [
      flow,
      latency(
        steady.filter((s) => s.flow === flow),
        seconds,
      ),
    ]),
  );
  const curves = Object.fromEntries(FLOWS.map((flow) => [flow, percentileCurve(steady.filter((s) => s.flow === flow))]));
  const steadyTicks = ticks.filter((t) => t.phase === 'steady');
  const wholeErrors = run.filter((s) => !s.ok).length;
  return {
    steadySeconds: seconds,
    overall: latency(steady, seconds),
    flows: flows as Record<Flow, Latency>,
    login: latency(
      steady.filter((s) => s.name === 'login'),
      seconds,
    ),
    endpoints: endpoints(steady, seconds),
    whole: { requests: run.length, errors: wholeErrors, errorRate: run.length > 0 ? wholeErrors / run.length : 0 },
    percentiles: { ...(curves as Record<Flow, [number, number][]>), all: percentileCurve(steady) },
    timeline: timeline(run, window, ticks),
    checks: [...recorder.checks].map(([name, counts]) => ({ name, ...counts })),
    peakConnections: Math.max(0, ...ticks.map((t) => t.connections)),
    heldConnections: steadyTicks.length > 0 ? Math.min(...steadyTicks.map((t) => t.connections)) : 0,
    iterationFailures: recorder.iterationFailures,
    ...(recorder.firstIterationFailure === undefined ? {} : { firstIterationFailure: recorder.firstIterationFailure }),
    errorExamples: recorder.errors().slice(0, 10),
  };
}
