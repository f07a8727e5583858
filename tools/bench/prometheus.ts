/** Just enough of the Prometheus text format to read counters and histograms from /metrics. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheus(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** GET <origin>/metrics; an empty list when the process does not answer (the report says so). */
export async function scrape(origin: string): Promise<MetricSample[]> {
  try {
    const res = await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(15_000) });
    return res.ok ? parsePrometheus(await res.text()) : [];
  } catch {
    return [];
  }
}

type Filter = (labels: Record<string, string>) => boolean;

/** Sum of `name` over the samples matching `filter`. */
export function total(samples: readonly MetricSample[], name: string, filter: Filter = () => true): number {
  return samples.filter((s) => s.name === name && filter(s.labels)).reduce((sum, s) => sum + s.value, 0);
}

/** Cumulative bucket counts of histogram `name` (all series matching `filter` added up), by upper bound. */
export function buckets(samples: readonly MetricSample[], name: string, filter: Filter = () => true): Map<number, number> {
  const byBound = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket` || !filter(s.labels)) continue;
    const bound = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + s.value);
  }
  return byBound;
}

/** after − before, bucket by bucket: what happened between two scrapes. */
export function bucketDelta(before: Map<number, number>, after: Map<number, number>): Map<number, number> {
  return new Map([...after].map(([bound, count]) => [bound, count - (before.get(bound) ?? 0)]));
}

/**
 * Prometheus' histogram_quantile: linear interpolation inside the bucket holding the rank; a rank in
 * the +Inf bucket returns the largest finite bound. NaN without observations.
 */
export function histogramQuantile(q: number, cumulative: Map<number, number>): number {
  const sorted = [...cumulative].sort((a, b) => a[0] - b[0]);
  const count = sorted.at(-1)?.[1] ?? 0;
  if (count <= 0) return Number.NaN;
  const rank = q * count;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, cumulativeCount] of sorted) {
    if (cumulativeCount >= rank) {
      if (bound === Infinity) return lowerBound;
      const inBucket = cumulativeCount - lowerCount;
      return inBucket <= 0 ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bound;
    lowerCount = cumulativeCount;
  }
  return lowerBound;
}
