import { FLOWS, type Flow } from './profiles.js';
import { allBudgets, machineLine, type BenchReport } from './report.js';
import type { ModeResult } from './run-mode.js';
import { lineChart, type Series } from './svg.js';
import { budgetTable, endpointTable, flowTable, processTable, ratioTable, serviceTable, type Table } from './tables.js';

const COLORS: Record<Flow | 'all', string> = { enrollment: '#1f77b4', auth: '#2ca02c', payment: '#d62728', all: '#555' };
const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function htmlTable(table: Table): string {
  const cell = (tag: 'th' | 'td', text: string, i: number): string =>
    `<${tag}${table.numeric?.includes(i) ? ' class="n"' : ''}${text === 'FAIL' ? ' class="fail"' : text === 'PASS' ? ' class="pass"' : ''}>${escapeHtml(text)}</${tag}>`;
  return [
    '<table>',
    `<tr>${table.headers.map((h, i) => cell('th', h, i)).join('')}</tr>`,
    ...table.rows.map((row) => `<tr>${row.map((c, i) => cell('td', c, i)).join('')}</tr>`),
    '</table>',
  ].join('\n');
}

function latencyOverTime(run: ModeResult): string {
  const series: Series[] = FLOWS.map((flow) => ({
    label: `${flow} p95`,
    color: COLORS[flow],
    points: run.figures.timeline.filter((p) => p.p95[flow] !== undefined).map((p) => [p.second, p.p95[flow]!]),
  }));
  return lineChart(series, {
    title: `${run.mode}: p95 latency per second, per flow`,
    xLabel: 'seconds since the first user started (ramp, then steady)',
    yLabel: 'ms',
    limit: { value: 100, label: 'budget p95 100 ms' },
  });
}

function throughputOverTime(run: ModeResult): string {
  const series: Series[] = [
    { label: 'requests/s', color: COLORS.all, points: run.figures.timeline.map((p) => [p.second, p.requests]) },
    { label: 'errors/s', color: '#c00', points: run.figures.timeline.map((p) => [p.second, p.errors]) },
  ];
  return lineChart(series, {
    title: `${run.mode}: throughput`,
    xLabel: 'seconds since the first user started',
    yLabel: 'per second',
  });
}

/** x = −log10(1 − p): 1 is p90, 2 is p99, 3 is p99.9, so the tail gets room. */
function percentiles(run: ModeResult): string {
  const series: Series[] = ([...FLOWS, 'all'] as const).map((flow) => ({
    label: flow,
    color: COLORS[flow],
    points: run.figures.percentiles[flow].map(([p, ms]) => [-Math.log10(1 - p / 100), ms]),
  }));
  return lineChart(series, {
    title: `${run.mode}: latency by percentile (steady window)`,
    xLabel: 'percentile: 0.3 = p50, 1 = p90, 1.3 = p95, 2 = p99, 3 = p99.9',
    yLabel: 'ms',
    limit: { value: 100, label: 'p95 budget' },
  });
}

const STYLE = `body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}.n{text-align:right}.pass{color:#070;font-weight:bold}
.fail{color:#c00;font-weight:bold}svg{display:block;margin:1em 0}`;

/** Self-contained HTML: inline CSS and SVG only, so it opens from disk and can be mailed as one file. */
export function htmlReport(report: BenchReport): string {
  const failed = allBudgets(report).filter((b) => !b.pass).length;
  const ratios = ratioTable(report.runs);
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>Load run ${escapeHtml(report.profile.name)} ${escapeHtml(report.startedAt)}</title><style>${STYLE}</style></head><body>`,
    `<h1>Load run: ${escapeHtml(report.profile.name)} (${report.runs.map((r) => r.mode).join(' vs ')})</h1>`,
    `<p>${escapeHtml(report.startedAt)}, ${report.seconds.toFixed(0)} s: <code>${escapeHtml(report.command)}</code></p>`,
    `<p>${escapeHtml(machineLine(report))}</p>`,
    `<p><strong>${failed === 0 ? 'All budgets PASS' : `${failed} budget(s) FAIL`}</strong></p>`,
    ...report.runs.map((run) => htmlTable(budgetTable(run.mode, run.budgets))),
    report.comparison.length > 0 ? htmlTable(budgetTable('optimized vs baseline', report.comparison)) : '',
    ratios ? `<h2>Optimized / baseline</h2>${htmlTable(ratios)}` : '',
    '<h2>Latency over time</h2>',
    ...report.runs.flatMap((run) => [latencyOverTime(run), throughputOverTime(run)]),
    '<h2>Percentiles</h2>',
    ...report.runs.map(percentiles),
    `<h2>Flows (steady window)</h2>${htmlTable(flowTable(report.runs))}`,
    `<h2>Endpoints (steady window)</h2>${htmlTable(endpointTable(report.runs))}`,
    `<h2>Services: caches and database</h2>${htmlTable(serviceTable(report.runs))}`,
    `<h2>Processes: CPU and memory</h2>${htmlTable(processTable(report.runs))}`,
    '</body></html>',
  ].join('\n');
}
