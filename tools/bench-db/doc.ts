import { deepPageTable, hotQueryTable, machineTable, manyClientsTable, throughputTable } from './doc-tables.js';
import { aloneLoad } from './latency.js';
import { BENCH_COURSES } from './options.js';
import { reading } from './doc-reading.js';
import type { BenchRun } from './report.js';

export const SECTION_HEADING = '## Database (npm run bench:db)';

const when = (run: BenchRun): string =>
  `${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(run.seconds)} s including preparation`;

function method(run: BenchRun): string {
  const { options: o, database } = run;
  const seeded = database.seeded ? `seeded in ${database.seedSeconds?.toFixed(0)} s` : 'reused (`--reuse`, counts matched)';
  return [
    `- **Data**: database \`azora_bench\` on the local replica topology, ${seeded} by \`tools/seed\` with ` +
      `${o.users} users, ${o.courses} courses, ${o.enrollments} enrollments, ${o.orders} orders (seed ${o.seed}, ` +
      `fixed end date), then \`VACUUM (ANALYZE)\`, then measured only once both replicas had replayed everything.` +
      coursesNote(o.courses),
    `- **Queries**: every query of \`test/integration/data/hot-queries.ts\` (imported, not copied; the SQL the ` +
      `repositories send; an integration test checks that the catalog totals are the statements the course service ` +
      `sends). Writes (grant enrollments, claim outbox events) run on the primary only.`,
    `- **Parameters**: each execution draws one of ${run.sampleSets} parameter sets of real rows at random (courses, ` +
      `users, users picked through their enrollments, payments, orders), so caches see a realistic spread.`,
    `- **Connections**: as the service role that owns the schema (\`azora_auth\`, \`azora_course\`, \`azora_payment\`), ` +
      `with node-postgres' unnamed statements (Parse/Bind/Execute on every call), as the services do.`,
    `- **Load**: ${o.workers} workers per query and target (${workersNote(run)}), one connection each, back to back: ${o.warmup} s of ` +
      `warm-up (not recorded), then ${o.seconds} s measured. Latency is \`process.hrtime.bigint()\` around ` +
      `\`client.query\`: the whole round trip, Node's parsing included. p50/p95/p99 are nearest-rank percentiles ` +
      `of every execution of that query on that target. Before that, each query runs alone (1 worker, direct → ` +
      `primary, ${aloneLoad(o).seconds} s): its own cost, without queueing.`,
    `- **Why ${o.workers} workers**: the load generator (one Node process), three PostgreSQL servers and three ` +
      `PgBouncers share ${run.machine.cpus} cores. Earlier runs used 8 workers: the machine could not serve that ` +
      `offered load, so most of each p95 was waiting for a core: single-worker p95s of 0.1–0.8 ms became 3–8 ms, and ` +
      `catalog pages that need under 1 ms alone failed the budget, most often through PgBouncer, one more process on ` +
      `the same cores. With one worker per core the p95 is the latency of a query on a busy but not oversubscribed ` +
      `server. ` +
      `Saturation stays visible: the throughput table is what the machine sustains, and the ` +
      `${run.manyClients.clients}-client storm below oversubscribes PgBouncer on purpose. \`--workers 8\` reproduces ` +
      `the old load. Other test runs on the same topology add noise: a p95 within about a third of its budget can ` +
      `pass in one run and fail in the next.`,
  ].join('\n');
}

const coursesNote = (courses: number): string =>
  courses === BENCH_COURSES
    ? ` ${courses} courses rather than the seed tool's 100,000: ~70 % of them are published, and page 5,000 of 20 ` +
      `needs 100,000 published ones.`
    : '';

const workersNote = ({ options, machine }: BenchRun): string =>
  options.workers === machine.cpus ? 'one per core' : `${machine.cpus} cores: not the default of one per core`;

function deepNotes(run: BenchRun): string {
  const deep = run.deepPage;
  const clamp =
    deep.page === deep.requestedPage
      ? ''
      : ` The seeded catalog has ${deep.publishedRows} published courses, so page ${deep.requestedPage} ` +
        `(${(deep.requestedPage - 1) * deep.limit} rows deep) does not exist: its deepest full page, ${deep.page}, is measured.`;
  return (
    `Catalog sorted by \`-createdAt\`, limit ${deep.limit}, via PgBouncer → replica-1 as \`azora_course\`. ` +
    `The cursor is the last row of page ${deep.page - 1} (\`${deep.cursor.value}\`, \`${deep.cursor.id}\`), ` +
    `encoded and decoded as a real \`nextCursor\`; the predicate is \`keysetPredicate\` of the course module, and the ` +
    `SQL ${deep.sameSqlAsHotQuery ? 'equals' : 'DIFFERS from'} the hot-queries' keyset page. The keyset page ` +
    `${deep.sameRowsAsOffset ? 'returned the same rows as' : 'did NOT return the rows of'} OFFSET ${deep.depth}.${clamp} ` +
    `p95 ratio, page ${deep.page} / page 1: **×${deep.ratio.toFixed(2)}**.`
  );
}

const loadNote = ({ loadAtStart, machine }: BenchRun): string =>
  `Load average (1, 5, 15 min) when the run began, before any load of its own: ` +
  `${loadAtStart.map((value) => value.toFixed(2)).join(', ')}` +
  (loadAtStart[0]! > machine.cpus / 2
    ? `: other processes (test runs on the same topology, say) were already busy on the ${machine.cpus} cores.`
    : '.');

export function databaseSection(run: BenchRun): string {
  return [
    SECTION_HEADING,
    `Generated by \`npm run bench:db\` (${when(run)}); rerun it to refresh this section. Raw figures: ` +
      `\`${run.resultFile}\` (bench-results/ is git-ignored).`,
    `### Machine\n\n${machineTable(run.machine)}\n\n${loadNote(run)}`,
    `### Method\n\n${method(run)}`,
    `### Hot queries: latency in ms (p50 / p95 / p99)\n\n${hotQueryTable(run.hotQueries)}`,
    `Throughput, for scale:\n\n${throughputTable(run.hotQueries)}`,
    `### Deep pagination\n\n${deepNotes(run)}\n\n${deepPageTable(run.deepPage)}`,
    `### ${run.manyClients.clients} concurrent clients through PgBouncer → primary\n\n` +
      `All clients connect at once (loopback), then each runs its transactions; the primary's pg_stat_activity ` +
      `is sampled meanwhile through a direct connection (the PgBouncer admin console would take one of the ` +
      `${1000} client slots), PgBouncer's SHOW LISTS is read before and SHOW POOLS after. Node cannot raise its own open-files limit ` +
      `(there is no \`process.setrlimit\`): check \`ulimit -n\` before raising --clients.\n\n${manyClientsTable(run.manyClients)}`,
    `### Budgets\n\n\`\`\`text\n${run.budgets.map((item) => item.line).join('\n')}\n${run.summary}\n\`\`\``,
    `### How to read them\n\n${reading(run)}`,
  ].join('\n\n');
}
