import type { MachineInfo } from '../bench-db/machine.js';
import type { BudgetLine } from './budgets.js';
import type { LoadProfile } from './profiles.js';
import type { ModeResult } from './run-mode.js';
import { budgetTable, endpointTable, flowTable, markdownTable, processTable, ratioTable, serviceTable } from './tables.js';

export interface BenchReport {
  startedAt: string;
  seconds: number;
  command: string;
  profile: LoadProfile;
  machine: MachineInfo;
  /** 1, 5 and 15-minute load averages before the run: other work on the machine shows here. */
  loadAtStart: number[];
  openFilesLimit: string;
  /** The gateway the load went through (older reports lack it). */
  gateway?: string;
  /** cpuReferenceMs() before the run: the same figure from another run says how fast its machine was. */
  cpuReferenceMs?: number;
  runs: ModeResult[];
  comparison: BudgetLine[];
  /** Repository-relative paths of the files this run wrote. */
  files: { json: string; markdown: string; html: string };
}

export const allBudgets = (report: BenchReport): BudgetLine[] => [...report.runs.flatMap((r) => r.budgets), ...report.comparison];

export function budgetsText(report: BenchReport): string {
  const lines = report.runs.flatMap((run) =>
    run.budgets.map((b) => `${b.pass ? 'PASS' : 'FAIL'}  [${run.mode}] ${b.budget}: ${b.actual}`),
  );
  lines.push(...report.comparison.map((b) => `${b.pass ? 'PASS' : 'FAIL'}  [compare] ${b.budget}: ${b.actual}`));
  const failed = allBudgets(report).filter((b) => !b.pass).length;
  return `${lines.join('\n')}\nbudgets: ${allBudgets(report).length - failed} PASS, ${failed} FAIL`;
}

export function machineLine(report: BenchReport): string {
  const m = report.machine;
  return (
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}, PostgreSQL ${m.postgres}, ${m.pgbouncer}; ` +
    `load average before the run ${report.loadAtStart.map((l) => l.toFixed(2)).join(', ')}; open files limit ${report.openFilesLimit}` +
    (report.gateway ? `; gateway ${report.gateway}` : '') +
    (report.cpuReferenceMs ? `; CPU reference (5,000 JSON round trips of 2 KB, one core) ${report.cpuReferenceMs} ms` : '')
  );
}

function errorsSection(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const run of report.runs) {
    for (const e of run.figures.errorExamples)
      lines.push(`- ${run.mode}: ${e.count} × ${e.name}: \`${e.detail.replace(/`/g, "'")}\``);
    if (run.figures.firstIterationFailure)
      lines.push(`- ${run.mode}: a flow threw: \`${run.figures.firstIterationFailure.split('\n')[0]}\``);
  }
  return lines.length > 0 ? ['## Errors (most frequent first)', '', ...lines, ''] : [];
}

/** Top packages and functions by self time, per process (runs with --cpu-prof). */
export function profileSection(report: BenchReport, heading = '##'): string[] {
  const lines: string[] = [];
  for (const run of report.runs) {
    for (const [name, summary] of Object.entries(run.cpuProfiles ?? {})) {
      const list = (spots: { name: string; share: number }[]): string =>
        spots.map((s) => `${s.name} ${(s.share * 100).toFixed(1)} %`).join(', ');
      lines.push(
        `- **${run.mode} ${name}** (${(summary.sampledMs / 1000).toFixed(1)} s busy): packages: ${list(summary.byPackage.slice(0, 8))}.`,
        `  Functions: ${list(summary.byFunction.slice(0, 10))}.`,
      );
    }
  }
  return lines.length > 0 ? [`${heading} CPU profiles (steady window, self time)`, '', ...lines, ''] : [];
}

/** The Markdown report of one invocation (bench-results/<timestamp>.md). */
export function markdownReport(report: BenchReport): string {
  const ratios = ratioTable(report.runs);
  return [
    `# Load run: ${report.profile.name} (${report.runs.map((r) => r.mode).join(' vs ')})`,
    '',
    `${report.startedAt}, ${report.seconds.toFixed(0)} s. Command: \`${report.command}\`.`,
    '',
    `Machine: ${machineLine(report)}.`,
    '',
    `Profile: ${report.profile.description}; ${report.profile.users} users, think × ${report.profile.thinkScale}, ` +
      `login again every ${report.profile.reloginEvery} auth iterations.`,
    '',
    '## Budgets',
    '',
    ...report.runs.flatMap((run) => [markdownTable(budgetTable(run.mode, run.budgets)), '']),
    ...(report.comparison.length > 0 ? [markdownTable(budgetTable('optimized vs baseline', report.comparison)), ''] : []),
    ...(ratios ? ['## Optimized / baseline', '', markdownTable(ratios), ''] : []),
    '## Flows (steady window)',
    '',
    markdownTable(flowTable(report.runs)),
    '',
    '## Endpoints (steady window)',
    '',
    markdownTable(endpointTable(report.runs)),
    '',
    '## Services: caches and database (from /metrics, steady window)',
    '',
    markdownTable(serviceTable(report.runs)),
    '',
    '## Processes: CPU and memory (from /proc, steady window)',
    '',
    markdownTable(processTable(report.runs)),
    '',
    ...profileSection(report),
    ...errorsSection(report),
  ].join('\n');
}
