import { table } from '../bench-db/doc-tables.js';
import type { LayerRate } from './cache-metrics.js';
import type { CompressionResult } from './compression.js';
import type { OutageResult } from './outage.js';
import type { CacheBenchRun } from './report.js';
import type { ThroughputResult } from './throughput.js';

const pct = (ratio: number | undefined): string =>
  ratio === undefined || Number.isNaN(ratio) ? '–' : `${(ratio * 100).toFixed(1)} %`;
const ms = (value: number): string => value.toFixed(2);
const int = (value: number): string => Math.round(value).toLocaleString('en-US');

export function layerTable(layers: readonly LayerRate[], total: number): string {
  const rows = layers.flatMap((layer) => [
    [
      `**${layer.layer}**`,
      'all',
      int(layer.lookups),
      int(layer.hits),
      int(layer.misses),
      int(layer.errors),
      `**${pct(layer.hitRate)}**`,
    ],
    ...layer.routes.map((route) => ['', route.route, int(route.lookups), int(route.hits), '', '', pct(route.hitRate)]),
  ]);
  return `${table(['layer', 'route', 'lookups', 'hit', 'miss', 'error', 'hit rate'], rows)}\n\nRequests answered in the measured window: ${int(total)}.`;
}

export function throughputTable(result: ThroughputResult): string {
  const bare = result.targets.find((target) => target.name === 'bare')!;
  const rows = result.targets.map((target) => [
    target.name,
    target.rounds.map((round) => int(round.perSecond)).join(', '),
    `**${int(target.medianPerSecond)}**`,
    pct(target.medianPerSecond / bare.medianPerSecond),
    ms(target.medianP50),
    `**${ms(target.medianP99)}**`,
    ms(target.worstP99),
    String(target.failed),
  ]);
  return table(
    [
      'target',
      'req/s per round',
      'median req/s',
      'of bare',
      'p50 ms (median)',
      'p99 ms (median)',
      'p99 ms (worst round)',
      'failed',
    ],
    rows,
  );
}

export function fixedRateTable(result: ThroughputResult): string {
  const rows = result.atHalfRate.targets.map(({ name, result: run, rounds }) => [
    name,
    int(run.perSecond),
    ms(run.p50),
    ms(run.p90),
    `**${ms(run.p99)}**`,
    ms(run.max),
    String(rounds.reduce((failed, round) => failed + round.non2xx + round.errors, 0)),
    ms(Math.max(...rounds.map((round) => round.p99))),
  ]);
  return table(['target', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'failed (all rounds)', 'p99 ms (worst round)'], rows);
}

export function outageTable(result: OutageResult): string {
  const rows = result.phases.map((phase) => [
    phase.name,
    phase.seconds.toFixed(1),
    int(phase.response?.lookups ?? 0),
    int(phase.response?.hits ?? 0),
    int(phase.response?.misses ?? 0),
    int(phase.response?.errors ?? 0),
    pct(phase.response?.hitRate),
    phase.readiness,
  ]);
  return table(['phase', 's', 'response lookups', 'hit', 'miss', 'error (bypass)', 'hit rate', '/health/ready at its end'], rows);
}

export function compressionTable(result: CompressionResult): string {
  const mean = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0) / values.length;
  const rows = result.codings.map((coding) => [
    coding.encoding,
    `**${coding.minRatio.toFixed(2)}×**`,
    `${coding.meanRatio.toFixed(2)}×`,
    ms(mean(coding.firstMs)),
    ms(mean(coding.repeatMs)),
    coding.identicalOnRepeat && coding.decodesToIdentity ? 'yes' : 'NO',
  ]);
  return table(
    ['coding', 'worst page', 'mean', 'first request ms (mean)', 'repeat ms (mean)', 'same bytes on repeat, decodes to identity'],
    rows,
  );
}

export const budgetBlock = (run: CacheBenchRun): string =>
  `\`\`\`text\n${run.budgets.map((item) => item.line).join('\n')}\n${run.summary}\n\`\`\``;
