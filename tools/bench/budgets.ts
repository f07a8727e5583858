import type { LoadFigures } from './figures.js';
import { FLOWS, type Flow, type LoadProfile } from './profiles.js';

export interface BudgetLine {
  budget: string;
  actual: string;
  pass: boolean;
}

const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'no requests');
const pct = (value: number): string => `${(value * 100).toFixed(2)} %`;

const under = (budget: string, value: number, limit: number): BudgetLine => ({
  budget,
  actual: ms(value),
  pass: Number.isFinite(value) && value < limit,
});

/** k6/lib/profiles.js's latency thresholds per flow (p95), kept in step with the k6 scripts. */
const K6_FLOW_P95: Record<Flow, number> = { enrollment: 200, auth: 250, payment: 300 };

function checkRate(figures: LoadFigures, prefix = ''): { rate: number; total: number } {
  const checks = figures.checks.filter((c) => c.name.includes(prefix));
  const passed = checks.reduce((sum, c) => sum + c.passed, 0);
  const total = checks.reduce((sum, c) => sum + c.passed + c.failed, 0);
  return { rate: total > 0 ? passed / total : 1, total };
}

function smokeBudgets(figures: LoadFigures): BudgetLine[] {
  const lines = FLOWS.map((flow) => {
    const ok = figures.flows[flow].count - figures.flows[flow].errors;
    return { budget: `${flow}: requests succeeded`, actual: `${ok} of ${figures.flows[flow].count}`, pass: ok > 0 };
  });
  const checks = figures.checks.reduce((sum, c) => sum + c.failed, 0);
  return [
    ...lines,
    { budget: 'errors in the whole run = 0', actual: String(figures.whole.errors), pass: figures.whole.errors === 0 },
    { budget: 'failed checks = 0', actual: String(checks), pass: checks === 0 },
  ];
}

/** The budgets at 1000 users, and the k6 thresholds for every load profile. */
function loadBudgets(profile: LoadProfile, figures: LoadFigures): BudgetLine[] {
  const lines: BudgetLine[] = [
    under('p95 < 100 ms (all requests, steady)', figures.overall.p95, 100),
    under('p99 < 500 ms (k6)', figures.overall.p99, 500),
    {
      budget: 'errors in the whole run = 0',
      actual: `${figures.whole.errors} of ${figures.whole.requests}`,
      pass: figures.whole.errors === 0,
    },
  ];
  if (profile.name === 'load-1000') {
    const rate = figures.overall.perSecond;
    lines.push({ budget: '≥ 2000 req/s (steady)', actual: `${rate.toFixed(0)} req/s`, pass: rate >= 2000 });
  }
  for (const flow of FLOWS)
    lines.push(under(`${flow}: p95 < ${K6_FLOW_P95[flow]} ms (k6)`, figures.flows[flow].p95, K6_FLOW_P95[flow]));
  // Users sign in during setup and again only every N auth iterations: a short window may hold no login.
  if (figures.login.count > 0) lines.push(under('login: p95 < 400 ms (k6)', figures.login.p95, 400));
  return lines;
}

function stressBudgets(profile: LoadProfile, figures: LoadFigures): BudgetLine[] {
  const lines: BudgetLine[] = [
    {
      budget: `${profile.users} connections held (fewest open while steady)`,
      actual: `${figures.heldConnections} (peak ${figures.peakConnections})`,
      pass: figures.heldConnections >= profile.users,
    },
    { budget: 'errors < 1 % (whole run)', actual: pct(figures.whole.errorRate), pass: figures.whole.errorRate < 0.01 },
  ];
  for (const flow of FLOWS) {
    const rate = figures.flows[flow].errorRate;
    lines.push({ budget: `${flow}: errors < 1 % (k6, steady)`, actual: pct(rate), pass: rate < 0.01 });
  }
  return lines;
}

export function runBudgets(profile: LoadProfile, figures: LoadFigures): BudgetLine[] {
  const common: BudgetLine[] = [
    { budget: 'flow code never threw', actual: String(figures.iterationFailures), pass: figures.iterationFailures === 0 },
  ];
  if (profile.name === 'smoke') return [...smokeBudgets(figures), ...common];
  const checks = checkRate(figures);
  const payments = checkRate(figures, 'payment: succeeded');
  const k6Checks: BudgetLine[] = [
    { budget: 'checks > 99 % (k6)', actual: pct(checks.rate), pass: checks.rate > 0.99 },
    {
      budget: 'payments succeeded > 99 % (k6)',
      actual: `${pct(payments.rate)} of ${payments.total}`,
      pass: payments.rate > 0.99,
    },
  ];
  const specific = profile.name === 'stress-10000' ? stressBudgets(profile, figures) : loadBudgets(profile, figures);
  return [...specific, ...k6Checks, ...common];
}

/** Optimized against baseline, same profile, same machine, same invocation. */
export function compareBudgets(baseline: LoadFigures, optimized: LoadFigures): BudgetLine[] {
  const ratio = optimized.overall.perSecond / baseline.overall.perSecond;
  return [
    {
      budget: 'throughput optimized / baseline ≥ 3×',
      actual: `×${ratio.toFixed(2)} (${optimized.overall.perSecond.toFixed(0)} vs ${baseline.overall.perSecond.toFixed(0)} req/s)`,
      pass: ratio >= 3,
    },
    {
      budget: 'p95 optimized ≤ baseline',
      actual: `${ms(optimized.overall.p95)} vs ${ms(baseline.overall.p95)}`,
      pass: optimized.overall.p95 <= baseline.overall.p95,
    },
  ];
}
