import { DEEP_PAGE_RATIO, MAX_SERVER_CONNECTIONS, QUERY_P95_MS } from './budgets.js';
import { TARGETS, type QueryResult } from './latency.js';
import type { BenchRun } from './report.js';

/** What a query does beyond a single-row lookup, by name prefix (first match); shown for queries over budget. */
const KNOWN_COSTS: readonly (readonly [string, string])[] = [
  [
    'catalog total',
    'sums the rows of course.catalog_counts (one per category) that the triggers keep exact: a read of a few rows.',
  ],
  [
    'catalog title search total',
    'its sample pattern is the first five letters of a course title, which for most titles is one of the five ' +
      "template openings ('advan', 'intro', 'maste', 'pract', 'hands'), each in ~11 % of the catalog: the trigram " +
      'index bitmap of thousands of candidates takes 1–2 ms to build, then each match is rechecked on its heap row ' +
      '(~2 µs), up to the 201 the capped count needs (docs/pagination.md).',
  ],
  ['catalog', '21 full course rows per page, descriptions included, sent by PostgreSQL and parsed by Node.'],
  ['my enrollments, total', 'counts every enrollment of the user; the heaviest users have hundreds.'],
  ['my enrollments', '21 enrollments per page, each joined with its course title.'],
];

const knownCost = (name: string): string => KNOWN_COSTS.find(([prefix]) => name.startsWith(prefix))?.[1] ?? '';

const overOn = (result: QueryResult): string[] =>
  TARGETS.filter((target) => {
    const stats = result.targets[target.id];
    return stats !== undefined && (stats.p95 >= QUERY_P95_MS || stats.errors > 0);
  }).map((target) => target.label);

const withinAlone = (result: QueryResult): boolean => result.alone !== undefined && result.alone.p95 < QUERY_P95_MS;

const item = (result: QueryResult, indent: string): string => {
  const alone = result.alone ? `alone p95 ${result.alone.p95.toFixed(2)} ms` : 'not measured alone';
  return `${indent}- **${result.name}** (${alone}; over on ${overOn(result).join(', ')})`;
};

/** Queries that miss only under load, grouped by what makes them costlier than a lookup. */
function queuedGroups(queued: readonly QueryResult[]): string[] {
  const groups = new Map<string, QueryResult[]>();
  for (const result of queued) {
    const cost = knownCost(result.name) || 'Otherwise light queries.';
    groups.set(cost, [...(groups.get(cost) ?? []), result]);
  }
  return [...groups].flatMap(([cost, results]) => [`  - ${cost}`, ...results.map((result) => item(result, '    '))]);
}

/** Queries over budget even alone, each with its known cause. */
const costlyItems = (costly: readonly QueryResult[]): string[] =>
  costly.map(
    (result) => `${item(result, '  ')}: ${knownCost(result.name) || 'not expected: look at its EXPLAIN (ANALYZE, BUFFERS).'}`,
  );

function overBudget(run: BenchRun): string[] {
  const failed = run.hotQueries.filter((result) => overOn(result).length > 0);
  if (failed.length === 0) return ['- Every hot query met its budget on every target.'];
  const queued = failed.filter(withinAlone);
  const costly = failed.filter((result) => !withinAlone(result));
  const lines: string[] = [];
  if (queued.length > 0) {
    lines.push(
      `- **Over budget only under load** (alone, well within it): the miss is queueing. ${run.options.workers} ` +
        `workers share the ${run.machine.cpus} cores with the servers, and by Little's law latency = workers / ` +
        `throughput: a query that needs half a millisecond of CPU alone waits for the others' in its tail, ` +
        `and crosses ${QUERY_P95_MS} ms. The heavier queries cross first, and through PgBouncer (one more ` +
        `process on the same cores) more often. By what makes each costlier than a single-row lookup:`,
      ...queuedGroups(queued),
    );
  }
  if (costly.length > 0)
    lines.push('- **Over budget even alone**: the query itself is too slow at this scale:', ...costlyItems(costly));
  return lines;
}

export function reading(run: BenchRun): string {
  const storm = run.manyClients;
  return [
    `- Each hot-query cell is p50 / p95 / p99 in ms; ✗ marks a p95 at or over the ${QUERY_P95_MS} ms budget. ` +
      `"alone" is the same query with a single worker, direct → primary: its own cost without queueing. ↻ marks ` +
      `a window measured again because the first had errors, no completed query, or saw its server restart ` +
      `(other test runs stop and restart replicas of this topology).`,
    ...overBudget(run),
    `- Deep pagination: a keyset page costs the same at any depth (an index range scan of limit + 1 rows ` +
      `from the cursor's position), so page ${run.deepPage.page} must stay within ${DEEP_PAGE_RATIO} × page 1. ` +
      `OFFSET reads and discards every row before the page, which is why page mode stops at 10,000 rows ` +
      `(docs/pagination.md).`,
    `- ${storm.clients} clients: PgBouncer multiplexes them onto at most default_pool_size = ` +
      `${MAX_SERVER_CONNECTIONS} server connections per database and user; clients beyond that wait for a ` +
      `server inside PgBouncer, which shows as transaction latency, not as errors. Connecting is the slow part of a ` +
      `storm: every login is a SCRAM-SHA-256 exchange (4,096 PBKDF2 rounds) that single-threaded PgBouncer verifies ` +
      `one after another, ≈ ${(storm.connect.max / storm.clients).toFixed(1)} ms each here. The services keep ` +
      `their pools open, so this is the cost of a reconnect storm, not of a request.`,
  ].join('\n');
}
