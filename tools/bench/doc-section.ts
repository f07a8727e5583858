import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceSection } from '../bench-db/report.js';
import { PROFILES, type ProfileName } from './profiles.js';
import { machineLine, profileSection, type BenchReport } from './report.js';
import type { ModeResult } from './run-mode.js';
import { budgetTable, flowTable, markdownTable, processTable, ratioTable, serviceTable } from './tables.js';

export const SECTION_HEADING = '## Load (npm run bench)';
export const latestFile = (outDir: string, profile: ProfileName): string => join(outDir, `load-latest-${profile}.json`);

const METHOD = `### Method

- **Stack**: \`npm run bench\` starts the production-mode stack on loopback, as \`npm start\` does but with
  \`NODE_ENV=production\`, a random JWT secret and \`REDIS_MEMORY_FALLBACK=false\`: the replica topology
  (\`tools/db-topology\`: a primary, two streaming replicas, a PgBouncer in transaction mode in front of each), a
  private \`redis-server\` and \`nats-server\` on free ports, the three built services and the gateway (HAProxy
  when installed, else the Node gateway: the machine line names it), on a database of the run's own with the
  provisioned per-service roles and the 300-course demo catalog.
- **Optimized vs baseline**: the same code and data; baseline sets \`RESPONSE_CACHE_ENABLED=false\`,
  \`DATA_CACHE_ENABLED=false\`, \`HTTP_COMPRESSION_ENABLED=false\`, no \`DATABASE_REPLICA_URLS\` and \`DATABASE_URL\`
  straight to the primary (no PgBouncer). \`--compare\` runs baseline then optimized in one invocation, each on a
  freshly started stack (empty Redis), with the same registered users.
- **Load**: the k6 flows (\`k6/flows\`) re-implemented on undici, one keep-alive connection per virtual user,
  70 % enrollment (browse → detail → enroll in a free course → content), 20 % auth (profile, logging in again
  every N iterations), 10 % payment (browse → cart → checkout → pay \`tok_visa\` → order), with k6's jittered
  think times (scaled per profile). Users are registered through the API before the load (argon2id, never
  weakened); users log in once and keep their token, as clients do.
- **Figures**: latency is measured by the load generator per request (send to last body byte, through the
  gateway), nearest-rank percentiles over the steady window after the ramp; errors count over the whole run.
  Cache hit rates, database query p95 (histogram buckets, interpolated) and server-side p95 come from each
  service's \`/metrics\`, scraped at the steady window's edges; CPU time and peak RSS per process from \`/proc\`.
- **One 2-core machine**: services, PostgreSQL, PgBouncer, Redis, NATS and the load generator share two cores,
  and other work on the machine (the load average is printed) shifts the figures: compare runs of one
  invocation, not runs of different days. Hosts differ too (an Intel Xeon and an AMD EPYC host of the same
  kind differed 1.65× in CPU per request): the machine line's CPU reference, a single-core JSON workload
  timed before the run, tells how fast the host was.`;

const HOW_TO_READ = `### How to read them

- The budgets: at 1000 users, p95 < 100 ms over all requests, no error at all and ≥ 2000 req/s; at 10000
  users, every connection held open with < 1 % errors; optimized ≥ 3 × baseline's throughput at an equal or
  better p95. The k6 thresholds (per-flow p95, login p95, checks) are checked too.
- Throughput is closed-loop: each user waits for its response, thinks, then sends the next request, so req/s
  is at most users / (think time + latency). When latency stays low, req/s is set by the think time; when the
  stack saturates, latency grows and req/s stops growing: that is the capacity.
- "cores" is CPU time / wall time in the steady window (2.0 = the whole machine). The process using most of
  it is where the time goes; "CPU ms per request" divides all measured processes' CPU by the requests served.
- "whole machine" is the busy CPU of all processes (/proc/stat), "other processes" the part no process of the
  stack or the load generator used: other work on the machine competing for the same cores.
- A cache hit rate shows "off / unused" when the layer is switched off (baseline) or never asked. The database
  "by target" split follows the mode the code asked for: in baseline (no replicas configured) reads labelled
  replica ran on the primary.
- Analysis of what limits throughput here: [load-testing.md](load-testing.md#what-limits-throughput-on-this-machine).`;

function runSection(report: BenchReport, jsonPath: string): string {
  const ratios = ratioTable(report.runs);
  const cpu = (run: ModeResult): string =>
    Object.entries(run.processes)
      .sort((a, b) => b[1].cores - a[1].cores)
      .map(([name, p]) => `${name} ${p.cores.toFixed(2)}`)
      .join(', ');
  return [
    `### ${report.profile.name} (${report.runs.map((r) => r.mode).join(' vs ')})`,
    '',
    `\`${report.command}\`, ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${report.seconds.toFixed(0)} s; raw figures: \`${jsonPath}\`. ` +
      `${report.profile.description}; ${report.profile.users} users, think × ${report.profile.thinkScale}, login again every ${report.profile.reloginEvery} auth iterations.`,
    '',
    `Machine: ${machineLine(report)}.`,
    '',
    ...report.runs.flatMap((run) => [markdownTable(budgetTable(run.mode, run.budgets)), '']),
    ...(report.comparison.length > 0 ? [markdownTable(budgetTable('optimized vs baseline', report.comparison)), ''] : []),
    ...(ratios ? [markdownTable(ratios), ''] : []),
    markdownTable(flowTable(report.runs)),
    '',
    markdownTable(serviceTable(report.runs)),
    '',
    markdownTable(processTable(report.runs)),
    '',
    ...report.runs.map((run) => `Where the CPU went (${run.mode}, cores): ${cpu(run)}.`),
    '',
    ...profileSection(report, '####'),
  ].join('\n');
}

/** The section, from the latest report of every profile except smoke. */
export function loadSection(outDir: string): string {
  const parts = [
    SECTION_HEADING,
    '',
    'Written by `npm run bench` from the latest run of each profile; rerun it to refresh.',
    '',
    METHOD,
    '',
  ];
  for (const name of Object.keys(PROFILES) as ProfileName[]) {
    const file = latestFile(outDir, name);
    if (name === 'smoke' || !existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
    parts.push(runSection(report, report.files.json), '');
  }
  parts.push(HOW_TO_READ);
  return parts.join('\n');
}

export async function writeLoadSection(docPath: string, outDir: string): Promise<void> {
  const current = existsSync(docPath) ? await readFile(docPath, 'utf8') : '# Performance\n';
  const next = replaceSection(current, SECTION_HEADING, loadSection(outDir));
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(docPath)) ?? {};
  await writeFile(docPath, await prettier.format(next, { ...config, filepath: docPath }));
}
