import { negotiateEncoding } from '@azora/http-cache';
import type { BrowseResult } from './browse.js';
import type { CompressionResult } from './compression.js';
import type { OutageResult } from './outage.js';
import type { ThroughputResult } from './throughput.js';

export interface Budget {
  name: string;
  target: string;
  measured: string;
  pass: boolean;
  line: string;
}

export const BARE = 'bare';
export const COURSE = 'course';
/** The course service without its in-process layer (`CACHE_L1_TTL_MS=0`): what L1 saves per hit. */
export const COURSE_NO_L1 = 'course-no-L1';
/** The course service with every hit going through Nest (`CACHE_EARLY_HITS=false`): what early answers save. */
export const COURSE_NO_EARLY = 'course-no-early';
const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;

function budget(name: string, target: string, measured: string, pass: boolean): Budget {
  return { name, target, measured, pass, line: `${pass ? 'PASS' : 'FAIL'}  ${name}: ${measured} (budget ${target})` };
}

export function evaluateBudgets(
  browse: BrowseResult,
  throughput: ThroughputResult,
  outage: OutageResult,
  compression: CompressionResult,
): Budget[] {
  const response = browse.layers.find((layer) => layer.layer === 'response');
  const hitRate = response?.hitRate ?? 0;
  const target = (name: string) => throughput.targets.find((summary) => summary.name === name)!;
  const [bare, course] = [target(BARE), target(COURSE)];
  const ratio = course.medianPerSecond / bare.medianPerSecond;
  const atRate = (name: string) => throughput.atHalfRate.targets.find((target) => target.name === name)!.result;
  const [steadyBare, steady] = [atRate(BARE), atRate(COURSE)];
  const steadyFailed = throughput.atHalfRate.targets
    .find((target) => target.name === COURSE)!
    .rounds.reduce((failed, round) => failed + round.non2xx + round.errors, 0);
  const failed = outage.load.non2xx + outage.load.errors;
  const recovered = outage.phases.at(-1)?.response?.hitRate ?? 0;
  return [
    budget('(a) browse hit rate, response layer', '>= 95 %', pct(hitRate), hitRate >= 0.95),
    budget(
      '(b) cached page throughput vs bare Fastify',
      '>= 60 %',
      `${pct(ratio)} (median ${course.medianPerSecond.toFixed(0)} vs ${bare.medianPerSecond.toFixed(0)} req/s)`,
      ratio >= 0.6,
    ),
    budget(
      `(b) cached page p99 at ${throughput.connections} connections, saturated (closed loop)`,
      '< 10 ms',
      `${course.medianP99.toFixed(2)} ms median of rounds, worst ${course.worstP99.toFixed(2)} ms; bare ${bare.medianP99.toFixed(2)} ms`,
      course.medianP99 < 10,
    ),
    budget(
      `(b) cached page p99 at ${throughput.connections} connections, ${throughput.atHalfRate.rate} req/s evenly (open loop)`,
      '< 10 ms',
      `${steady.p99.toFixed(2)} ms median of rounds (p50 ${steady.p50.toFixed(2)} ms); bare ${steadyBare.p99.toFixed(2)} ms`,
      steady.p99 < 10 && steadyFailed === 0,
    ),
    budget(
      '(c) failed requests with Redis killed mid-run',
      '0',
      `${failed} of ${outage.load.requests}`,
      failed === 0 && outage.load.requests > 0,
    ),
    budget('(c) cache back by itself after Redis restarts', 'hit rate >= 50 % in the last 5 s', pct(recovered), recovered >= 0.5),
    compressionBudget(compression),
  ];
}

/** What browsers send: the page is judged in the coding the service picks for it. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

function compressionBudget(compression: CompressionResult): Budget {
  const chosen = negotiateEncoding(BROWSER_ACCEPT_ENCODING)!;
  const coding = compression.codings.find((figures) => figures.encoding === chosen)!;
  const others = compression.codings
    .filter((figures) => figures !== coding)
    .map((figures) => `${figures.encoding} worst ${figures.minRatio.toFixed(2)}×`)
    .join(', ');
  return budget(
    `(d) compressed 20-course page as browsers get it (Accept-Encoding: ${BROWSER_ACCEPT_ENCODING} → ${chosen})`,
    '>= 4×',
    `worst ${coding.minRatio.toFixed(2)}×, mean ${coding.meanRatio.toFixed(2)}× over ${compression.pages} pages; ${others} for clients without ${chosen}`,
    coding.minRatio >= 4,
  );
}

export function budgetSummary(budgets: readonly Budget[]): string {
  const failed = budgets.filter((item) => !item.pass);
  return failed.length === 0
    ? `all ${budgets.length} budgets met`
    : `${failed.length} of ${budgets.length} budgets missed: ${failed.map((item) => item.name).join('; ')}`;
}
