import type { NodeName } from '../db-topology/layout.js';
import { SUPERUSER, urlVia } from '../db-topology/topology.js';
import { Connections, serverStartedAt } from './connections.js';
import { runWorkers, type LatencyStats, type Statement } from './measure.js';
import type { BenchOptions } from './options.js';
import { BENCH_DATABASE, type Log } from './prepare.js';
import type { BenchQuery, Samples } from './queries.js';
import { drawer } from './samples.js';

export type TargetId = 'direct-primary' | 'bouncer-primary' | 'direct-replica-1' | 'bouncer-replica-1';

export interface Target {
  id: TargetId;
  label: string;
  node: NodeName;
  bouncer: boolean;
}

export const TARGETS: readonly Target[] = [
  { id: 'direct-primary', label: 'direct → primary', node: 'primary', bouncer: false },
  { id: 'bouncer-primary', label: 'PgBouncer → primary', node: 'primary', bouncer: true },
  { id: 'direct-replica-1', label: 'direct → replica-1', node: 'replica-1', bouncer: false },
  { id: 'bouncer-replica-1', label: 'PgBouncer → replica-1', node: 'replica-1', bouncer: true },
];

export interface QueryResult {
  name: string;
  source: string;
  role: string;
  writes: boolean;
  /** Absent for a target the query does not run on (writes never run on a replica). */
  targets: Partial<Record<TargetId, LatencyStats>>;
  /** One worker alone, direct → primary: the query's own cost, without queueing behind the other workers. */
  alone?: LatencyStats;
}

interface Load {
  workers: number;
  warmup: number;
  seconds: number;
  seed: number;
}

/** The single-worker pass is short: it only separates a query's own cost from the queueing of the others. */
export const aloneLoad = (options: BenchOptions): Load => ({ ...options, workers: 1, seconds: Math.min(options.seconds, 0.5) });

export const runsOn = (query: BenchQuery, target: Target): boolean => !query.writes || target.node === 'primary';

export const urlFor = (target: Target, user: string): string =>
  urlVia(target.node, { bouncer: target.bouncer, database: BENCH_DATABASE, user });

export const formatStats = (stats: LatencyStats): string =>
  `p50 ${stats.p50.toFixed(2)}  p95 ${stats.p95.toFixed(2)}  p99 ${stats.p99.toFixed(2)} ms  ` +
  `(${stats.count} runs, ${Math.round(stats.perSecond)}/s${stats.errors ? `, ${stats.errors} ERRORS: ${stats.firstError}` : ''})`;

/** `workers` connections per service role on one target, opened as the services connect: as their own role. */
async function openPools(target: Target, queries: readonly BenchQuery[], workers: number): Promise<Map<string, Connections>> {
  const pools = new Map<string, Connections>();
  for (const role of new Set(queries.map((query) => query.role))) {
    pools.set(role, await new Connections(urlFor(target, role), workers).open());
  }
  return pools;
}

const serverUrl = (target: Target): string => urlVia(target.node, { bouncer: false, database: 'postgres', user: SUPERUSER });

/**
 * Measures once more when the window had errors, no completed query, or its server restarted: other
 * test runs stop and restart replicas on this topology, and a query should not fail its budget for
 * another run's failover test. The first window shows in the log, the reason in the results.
 */
export async function measureQuery(target: Target, pool: Connections, load: Load, next: () => Statement, log: Log, name: string) {
  const before = await serverStartedAt(serverUrl(target));
  const stats = await runWorkers(pool, load, next);
  const restarted = (await serverStartedAt(serverUrl(target))) !== before;
  const reason =
    stats.errors > 0
      ? `${stats.errors} errors`
      : restarted
        ? `${target.node} restarted`
        : stats.count === 0
          ? 'no query completed'
          : undefined;
  if (!reason) return stats;
  log(`[bench]   ${name.padEnd(40)} ${formatStats(stats)}; ${reason}: measuring again`);
  return { ...(await runWorkers(pool, load, next)), remeasured: reason };
}

async function measureTarget(
  target: Target,
  queries: readonly BenchQuery[],
  sets: readonly Samples[],
  options: Load,
  log: Log,
): Promise<Map<string, LatencyStats>> {
  const pools = await openPools(target, queries, options.workers);
  const results = new Map<string, LatencyStats>();
  try {
    for (const query of queries) {
      const draw = drawer(sets, options.seed, `${target.id}:${options.workers}:${query.name}`);
      const next = () => ({ sql: query.sql, params: query.params(draw()) });
      const stats = await measureQuery(target, pools.get(query.role)!, options, next, log, query.name);
      results.set(query.name, stats);
      log(`[bench]   ${query.name.padEnd(40)} ${formatStats(stats)}`);
    }
  } finally {
    await Promise.all([...pools.values()].map((pool) => pool.close()));
  }
  return results;
}

/** Step 2: every hot query on every target (writes on the primary only), `workers` at a time. */
export async function measureHotQueries(
  queries: readonly BenchQuery[],
  sets: readonly Samples[],
  options: BenchOptions,
  log: Log,
): Promise<QueryResult[]> {
  const results = queries.map((query): QueryResult => ({
    name: query.name,
    source: query.source,
    role: query.role,
    writes: query.writes,
    targets: {},
  }));
  const alone = aloneLoad(options);
  log(
    `[bench] step 2.0/${TARGETS.length}: ${queries.length} hot queries alone: 1 worker via ${TARGETS[0]!.label}, ${alone.seconds} s each`,
  );
  const aloneStats = await measureTarget(TARGETS[0]!, queries, sets, alone, log);
  for (const result of results) result.alone = aloneStats.get(result.name);
  for (const [index, target] of TARGETS.entries()) {
    const own = queries.filter((query) => runsOn(query, target));
    log(
      `[bench] step 2.${index + 1}/${TARGETS.length}: ${own.length} hot queries via ${target.label}, ` +
        `${options.workers} workers per role, ${options.warmup} s warm-up + ${options.seconds} s each`,
    );
    const measured = await measureTarget(target, own, sets, options, log);
    for (const result of results) {
      const stats = measured.get(result.name);
      if (stats) result.targets[target.id] = stats;
    }
  }
  return results;
}
