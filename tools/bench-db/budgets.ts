import type { DeepPageResult } from './deep-page.js';
import { TARGETS, type QueryResult } from './latency.js';
import type { ManyClientsResult } from './many-clients.js';

export const QUERY_P95_MS = 5;
export const DEEP_PAGE_RATIO = 2;
export const MAX_SERVER_CONNECTIONS = 25;

export interface Budget {
  pass: boolean;
  /** `PASS  …` or `FAIL  …`, as printed. */
  line: string;
}

const budget = (pass: boolean, text: string): Budget => ({ pass, line: `${pass ? 'PASS' : 'FAIL'}  ${text}` });
const ms = (value: number): string => `${value.toFixed(2)} ms`;

/** One line per hot query and target: p95 under 5 ms, and no errors. */
function hotQueryBudgets(results: readonly QueryResult[]): Budget[] {
  return results.flatMap((result) =>
    TARGETS.flatMap((target) => {
      const stats = result.targets[target.id];
      if (!stats) return [];
      const again = stats.remeasured ? ` (measured again: ${stats.remeasured} in the first window)` : '';
      const errors = (stats.errors > 0 ? `, ${stats.errors} errors` : '') + again;
      const pass = stats.errors === 0 && stats.p95 < QUERY_P95_MS;
      const p95 = stats.count > 0 ? ms(stats.p95) : 'no completed query';
      return [budget(pass, `p95 < ${QUERY_P95_MS} ms: ${result.name} @ ${target.label}: ${p95}${errors}`)];
    }),
  );
}

function deepPageBudget(deep: DeepPageResult): Budget {
  const pass = deep.ratio <= DEEP_PAGE_RATIO && deep.deepPage.errors === 0 && deep.sameRowsAsOffset;
  const rows = deep.sameRowsAsOffset ? '' : '; the keyset page did NOT return the OFFSET page’s rows';
  return budget(
    pass,
    `page ${deep.page} p95 ≤ ${DEEP_PAGE_RATIO} × page 1 p95 (keyset, PgBouncer → replica-1): ` +
      `${ms(deep.deepPage.p95)} vs ${ms(deep.firstPage.p95)}, ×${deep.ratio.toFixed(2)}${rows}`,
  );
}

function manyClientsBudgets(storm: ManyClientsResult): Budget[] {
  const [worstKey, worst] = Object.entries(storm.maxServerConnections).sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  const transactions = storm.transaction.count;
  return [
    budget(
      storm.errors === 0,
      `${storm.clients} clients via PgBouncer → primary: 0 errors: ${storm.errors} errors ` +
        `(${storm.connected} connected, ${transactions} transactions)${storm.firstError ? `, first: ${storm.firstError}` : ''}`,
    ),
    budget(
      worst <= MAX_SERVER_CONNECTIONS,
      `${storm.clients} clients via PgBouncer → primary: ≤ ${MAX_SERVER_CONNECTIONS} server connections per database ` +
        `and user: max ${worst} (${worstKey}, pg_stat_activity sampled ${storm.samples} times)`,
    ),
  ];
}

export function evaluateBudgets(hot: readonly QueryResult[], deep: DeepPageResult, storm: ManyClientsResult): Budget[] {
  return [...hotQueryBudgets(hot), deepPageBudget(deep), ...manyClientsBudgets(storm)];
}

/** Deliberately not the "N passed, N failed" shape that CI reads as a test run. */
export function budgetSummary(budgets: readonly Budget[]): string {
  const passed = budgets.filter((item) => item.pass).length;
  return `budgets: ${passed} PASS, ${budgets.length - passed} FAIL`;
}
