// @ts-check
/**
 * End-of-test report for handleSummary(): a short plain-text summary (no remote jslib import, the
 * runners may be offline) plus the full k6 summary data as JSON.
 */

/**
 * Shape of the data k6 passes to handleSummary (the parts used here).
 * https://grafana.com/docs/k6/latest/results-output/end-of-test/custom-summary/
 * @typedef {Object} SummaryMetric
 * @property {'counter' | 'gauge' | 'rate' | 'trend'} type
 * @property {string} contains
 * @property {Record<string, number>} values
 * @property {Record<string, { ok: boolean }>} [thresholds]
 *
 * @typedef {Object} SummaryCheck
 * @property {string} name
 * @property {number} passes
 * @property {number} fails
 *
 * @typedef {Object} SummaryGroup
 * @property {string} name
 * @property {SummaryGroup[]} groups
 * @property {SummaryCheck[]} checks
 *
 * @typedef {Object} SummaryData
 * @property {Record<string, SummaryMetric>} metrics
 * @property {SummaryGroup} root_group
 * @property {{ testRunDurationMs: number }} state
 *
 * @typedef {Object} RunInfo
 * @property {string} profile
 * @property {string} baseUrl
 */

/** Latency rows of the report: metric key → label. Rows whose metric is missing are skipped. */
const LATENCY_ROWS = [
  ['http_req_duration', 'all requests'],
  ['http_req_duration{flow:auth}', 'flow auth'],
  ['http_req_duration{flow:enrollment}', 'flow enrollment'],
  ['http_req_duration{flow:payment}', 'flow payment'],
  ['http_req_duration{name:login}', 'login'],
];
const LATENCY_STATS = ['avg', 'p(95)', 'p(99)', 'max'];
const MAX_FAILED_CHECKS = 10;

/**
 * @param {number} n
 * @returns {string} 1234567 → "1,234,567"
 */
export function formatCount(n) {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * @param {number} ratio  0..1
 * @returns {string}
 */
export function formatPercent(ratio) {
  return `${(ratio * 100).toFixed(2)} %`;
}

/**
 * @param {number} ms
 * @returns {string} e.g. "18m02s"
 */
export function formatDuration(ms) {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/**
 * @param {SummaryData} data
 * @param {string} metric
 * @param {string} stat
 * @returns {number | undefined}
 */
function value(data, metric, stat) {
  return data.metrics[metric]?.values[stat];
}

/**
 * @param {SummaryData} data
 * @param {RunInfo} run
 * @returns {string[]}
 */
function headerLines(data, run) {
  const requests = value(data, 'http_reqs', 'count') ?? 0;
  const rate = value(data, 'http_reqs', 'rate') ?? 0;
  const failed = value(data, 'http_req_failed', 'rate') ?? 0;
  const checksRate = value(data, 'checks', 'rate');
  const checksFailed = value(data, 'checks', 'fails') ?? 0;
  return [
    `Azora k6 load test · profile ${run.profile} · ${run.baseUrl} · ${formatDuration(data.state.testRunDurationMs)}`,
    `requests    ${formatCount(requests)} (${rate.toFixed(1)}/s), ${formatPercent(failed)} failed`,
    `iterations  ${formatCount(value(data, 'iterations', 'count') ?? 0)}, max ${formatCount(value(data, 'vus_max', 'value') ?? 0)} VUs`,
    `checks      ${checksRate === undefined ? 'none' : `${formatPercent(checksRate)} passed (${formatCount(checksFailed)} failed)`}`,
  ];
}

/**
 * @param {SummaryData} data
 * @returns {string[]}
 */
function latencyLines(data) {
  const lines = [`latency ms${' '.repeat(14)}${LATENCY_STATS.map((stat) => stat.padStart(9)).join('')}`];
  for (const [metric, label] of LATENCY_ROWS) {
    const values = data.metrics[metric]?.values;
    if (values === undefined) continue;
    const cells = LATENCY_STATS.map((stat) => (values[stat] === undefined ? '-' : values[stat].toFixed(1)).padStart(9));
    lines.push(`  ${label.padEnd(22)}${cells.join('')}`);
  }
  return lines;
}

/**
 * @param {SummaryData} data
 * @returns {{ lines: string[], crossed: number, total: number }}
 */
function thresholdLines(data) {
  const lines = ['thresholds'];
  let crossed = 0;
  let total = 0;
  for (const [metric, summary] of Object.entries(data.metrics)) {
    for (const [expression, result] of Object.entries(summary.thresholds ?? {})) {
      total += 1;
      if (!result.ok) crossed += 1;
      lines.push(`  ${result.ok ? '✓' : '✗'} ${metric.padEnd(36)} ${expression}`);
    }
  }
  return { lines, crossed, total };
}

/**
 * @param {SummaryGroup} group
 * @returns {SummaryCheck[]}
 */
function allChecks(group) {
  return [...group.checks, ...group.groups.flatMap(allChecks)];
}

/**
 * @param {SummaryData} data
 * @returns {string[]}
 */
function failedCheckLines(data) {
  const failed = allChecks(data.root_group)
    .filter((c) => c.fails > 0)
    .sort((a, b) => b.fails - a.fails);
  if (failed.length === 0) return [];
  return [
    'failed checks',
    ...failed
      .slice(0, MAX_FAILED_CHECKS)
      .map((c) => `  ✗ ${c.name}: ${formatCount(c.fails)} of ${formatCount(c.passes + c.fails)} failed`),
  ];
}

/**
 * @param {SummaryData} data
 * @param {RunInfo} run
 * @returns {string} the text summary printed to stdout
 */
export function textSummary(data, run) {
  const thresholds = thresholdLines(data);
  const verdict =
    thresholds.crossed === 0
      ? `PASSED: all ${thresholds.total} thresholds met`
      : `FAILED: ${thresholds.crossed} of ${thresholds.total} thresholds crossed`;
  const sections = [headerLines(data, run), latencyLines(data), thresholds.lines, failedCheckLines(data), [verdict]];
  return `\n${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
}

/**
 * The files handleSummary returns: text on stdout, full data as JSON at `jsonPath`.
 * @param {SummaryData} data
 * @param {RunInfo} run
 * @param {string} jsonPath
 * @returns {Record<string, string>}
 */
export function summaryOutputs(data, run, jsonPath) {
  return { stdout: textSummary(data, run), [jsonPath]: JSON.stringify(data, null, 2) };
}
