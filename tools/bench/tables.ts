import { SERVICES } from '@azora/routing';
import type { BudgetLine } from './budgets.js';
import type { CacheFigures } from './service-metrics.js';
import { FLOWS } from './profiles.js';
import type { ModeResult } from './run-mode.js';

/** A report table, rendered as Markdown (report, docs) or HTML (report). */
export interface Table {
  headers: string[];
  rows: string[][];
  /** Columns aligned right (numbers). */
  numeric?: number[];
}

export const fmtMs = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value < 10 ? value.toFixed(2) : value.toFixed(1);
export const fmtRate = (value: number | null): string => (value === null ? '–' : `${(value * 100).toFixed(1)} %`);
const fmtCount = (value: number): string => Math.round(value).toLocaleString('en-US');
const fmtPerSecond = (value: number): string => value.toFixed(value < 10 ? 1 : 0);

export function flowTable(runs: readonly ModeResult[]): Table {
  const rows = runs.flatMap((run) =>
    [...FLOWS.map((flow) => [flow, run.figures.flows[flow]] as const), ['all', run.figures.overall] as const].map(([flow, f]) => [
      run.mode,
      flow,
      fmtCount(f.count),
      fmtPerSecond(f.perSecond),
      fmtMs(f.p50),
      fmtMs(f.p95),
      fmtMs(f.p99),
      `${f.errors} (${fmtRate(f.errorRate)})`,
    ]),
  );
  return {
    headers: ['mode', 'flow', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'],
    rows,
    numeric: [2, 3, 4, 5, 6, 7],
  };
}

export function endpointTable(runs: readonly ModeResult[]): Table {
  const rows = runs.flatMap((run) =>
    run.figures.endpoints.map((e) => [
      run.mode,
      e.name,
      e.flows.join(', '),
      fmtCount(e.count),
      fmtPerSecond(e.perSecond),
      fmtMs(e.p50),
      fmtMs(e.p95),
      fmtMs(e.p99),
      String(e.errors),
    ]),
  );
  return {
    headers: ['mode', 'endpoint', 'flows', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'],
    rows,
    numeric: [3, 4, 5, 6, 7, 8],
  };
}

const cacheCell = (c: CacheFigures): string =>
  c.hitRate === null ? 'off / unused' : `${fmtRate(c.hitRate)} of ${fmtCount(c.hits + c.misses + c.errors)}`;

export function serviceTable(runs: readonly ModeResult[]): Table {
  const rows = runs.flatMap((run) =>
    SERVICES.map((service) => {
      const s = run.services[service];
      const targets = Object.entries(s.dbQueriesByTarget)
        .map(([target, count]) => `${target} ${fmtCount(count)}`)
        .join(', ');
      return [
        run.mode,
        service,
        s.scraped ? fmtMs(s.httpP95Ms) : 'not scraped',
        cacheCell(s.cache.response),
        cacheCell(s.cache.data),
        fmtCount(s.dbQueries),
        targets || '–',
        fmtMs(s.dbQueryP95Ms),
      ];
    }),
  );
  return {
    headers: [
      'mode',
      'service',
      'server p95 ms',
      'response cache hits',
      'data cache hits',
      'db queries',
      'by target',
      'db query p95 ms',
    ],
    rows,
    numeric: [2, 5, 7],
  };
}

export function processTable(runs: readonly ModeResult[]): Table {
  const rows = runs.flatMap((run) =>
    Object.entries(run.processes).map(([name, p]) => [
      run.mode,
      name,
      p.cpuSeconds.toFixed(1),
      p.cores.toFixed(2),
      p.peakRssMiB > 0 ? p.peakRssMiB.toFixed(0) : '–',
    ]),
  );
  return { headers: ['mode', 'process', 'CPU s (steady)', 'cores', 'peak RSS MiB'], rows, numeric: [2, 3, 4] };
}

export function budgetTable(label: string, lines: readonly BudgetLine[]): Table {
  return {
    headers: ['', `budget (${label})`, 'measured'],
    rows: lines.map((l) => [l.pass ? 'PASS' : 'FAIL', l.budget, l.actual]),
  };
}

/** Optimized / baseline for the headline figures (only with --compare). */
export function ratioTable(runs: readonly ModeResult[]): Table | undefined {
  const base = runs.find((r) => r.mode === 'baseline');
  const opt = runs.find((r) => r.mode === 'optimized');
  if (!base || !opt) return undefined;
  const line = (name: string, b: number, o: number, digits = 1): string[] => [
    name,
    b.toFixed(digits),
    o.toFixed(digits),
    `×${(o / b).toFixed(2)}`,
  ];
  const rows = [
    line('req/s (steady)', base.figures.overall.perSecond, opt.figures.overall.perSecond, 0),
    line('p50 ms', base.figures.overall.p50, opt.figures.overall.p50, 2),
    line('p95 ms', base.figures.overall.p95, opt.figures.overall.p95, 2),
    line('p99 ms', base.figures.overall.p99, opt.figures.overall.p99, 2),
    ...FLOWS.map((flow) => line(`${flow} p95 ms`, base.figures.flows[flow].p95, opt.figures.flows[flow].p95, 2)),
    line('CPU ms per request (all processes)', base.cpuMsPerRequest, opt.cpuMsPerRequest, 2),
    line('db queries per request', dbPerRequest(base), dbPerRequest(opt), 2),
  ];
  return { headers: ['figure', 'baseline', 'optimized', 'optimized / baseline'], rows, numeric: [1, 2, 3] };
}

const dbPerRequest = (run: ModeResult): number =>
  SERVICES.reduce((sum, service) => sum + run.services[service].dbQueries, 0) / Math.max(1, run.figures.overall.count);

export function markdownTable(table: Table): string {
  const align = table.headers.map((_, i) => (table.numeric?.includes(i) ? '---:' : '---'));
  const line = (cells: string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(table.headers), line(align), ...table.rows.map(line)].join('\n');
}
