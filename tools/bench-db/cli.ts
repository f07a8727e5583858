// npm run bench:db [-- --users 100000 --courses 100000 --enrollments 1000000 --seconds N --reuse]
import { loadavg } from 'node:os';
import { withPgClient } from '@azora/database';
import { budgetSummary, evaluateBudgets } from './budgets.js';
import { measureDeepPage } from './deep-page.js';
import { measureHotQueries } from './latency.js';
import { machineInfo } from './machine.js';
import { measureManyClients } from './many-clients.js';
import { parseOptions, USAGE, type BenchOptions } from './options.js';
import { benchAdminUrl, BENCH_DATABASE, prepareBenchDatabase, type Log } from './prepare.js';
import { benchQueries, loadHotQueriesModule, type BenchQuery, type Samples } from './queries.js';
import { resultFileFor, writeJson, writePerformanceDoc, type BenchRun } from './report.js';
import { sampleSets } from './samples.js';

const log: Log = (line) => console.log(line);

async function loadWorkload(options: BenchOptions): Promise<{ queries: BenchQuery[]; sets: Samples[] }> {
  const hotQueries = await loadHotQueriesModule();
  const queries = benchQueries(hotQueries.HOT_QUERIES);
  const sets = await withPgClient(benchAdminUrl(), async (client) =>
    sampleSets(client, await hotQueries.sampleParameters(client), options.seed),
  );
  const primaryOnly = queries.filter((query) => query.writes).map((query) => query.name);
  log(
    `[bench] ${queries.length} hot queries (primary only, as they write: ${primaryOnly.join(', ')}); ${sets.length} parameter sets`,
  );
  return { queries, sets };
}

async function run(options: BenchOptions): Promise<void> {
  const startedAt = new Date();
  // Before this run adds any load of its own: what other processes were doing to the 2 cores.
  const loadAtStart = loadavg();
  const started = performance.now();
  log(
    `[bench] step 1/5: topology up; ${BENCH_DATABASE} with ${options.users} users, ${options.courses} courses, ` +
      `${options.enrollments} enrollments, ${options.orders} orders (seed ${options.seed}${options.reuse ? ', --reuse' : ''})`,
  );
  const database = await prepareBenchDatabase(options, log);
  const { queries, sets } = await loadWorkload(options);
  const machine = await machineInfo();
  const hotQueries = await measureHotQueries(queries, sets, options, log);
  const deepPage = await measureDeepPage(queries, options, log);
  const manyClients = await measureManyClients(queries, sets, options, log);
  log('[bench] step 5/5: budgets');
  const budgets = evaluateBudgets(hotQueries, deepPage, manyClients);
  const summary = budgetSummary(budgets);
  for (const item of budgets) log(item.line);
  log(summary);
  const result: BenchRun = {
    startedAt: startedAt.toISOString(),
    seconds: (performance.now() - started) / 1000,
    resultFile: resultFileFor(startedAt),
    options,
    machine,
    loadAtStart,
    database,
    sampleSets: sets.length,
    hotQueries,
    deepPage,
    manyClients,
    budgets,
    summary,
  };
  const json = await writeJson(result);
  const doc = await writePerformanceDoc(result);
  log(`[bench] figures in ${json}; section "Database (npm run bench:db)" of ${doc} rewritten`);
  log(`[bench] done in ${result.seconds.toFixed(0)} s`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') return console.log(USAGE);
  // A measurement: failed budgets are reported, not an exit code. Only a broken run exits non-zero.
  await run(options);
}

main().catch((error: unknown) => {
  console.error(`bench:db failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
