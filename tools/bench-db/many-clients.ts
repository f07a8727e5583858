import type pg from 'pg';
import { benchClient } from './connections.js';
import { SUPERUSER, urlVia } from '../db-topology/topology.js';
import { TARGETS, urlFor } from './latency.js';
import { elapsedMs, summarize, type LatencyStats } from './measure.js';
import { openFilesLimit } from './machine.js';
import type { BenchOptions } from './options.js';
import { BENCH_DATABASE, type Log } from './prepare.js';
import type { BenchQuery, Samples } from './queries.js';
import { drawer } from './samples.js';
import { ServerConnectionSampler, bouncerPool, bouncerUsedClients, type PoolRow } from './server-connections.js';

export const STORM_QUERY = 'course by id';

export interface ManyClientsResult {
  clients: number;
  rounds: number;
  query: string;
  role: string;
  connected: number;
  connectErrors: number;
  transactionErrors: number;
  errors: number;
  firstError?: string;
  seconds: number;
  connect: LatencyStats;
  transaction: LatencyStats;
  /** Most server connections seen at once per `database/user` in pg_stat_activity on the primary, sampled. */
  maxServerConnections: Record<string, number>;
  samples: number;
  /** PgBouncer clients of other users (other databases) when the step began: they share max_client_conn. */
  otherClientsBefore: number;
  poolAfter?: PoolRow;
  openFiles: { self: string; pgbouncer: string };
}

interface Tally {
  connectMs: number[];
  transactionMs: number[];
  connectErrors: number;
  transactionErrors: number;
  firstError?: string;
}

const note = (tally: Tally, error: unknown): void => {
  tally.firstError ??= error instanceof Error ? error.message : String(error);
};

async function connect(client: pg.Client, tally: Tally): Promise<boolean> {
  const at = process.hrtime.bigint();
  try {
    await client.connect();
    tally.connectMs.push(elapsedMs(at));
    return true;
  } catch (error) {
    tally.connectErrors += 1;
    note(tally, error);
    return false;
  }
}

/** `rounds` short transactions, BEGIN; the hot query; COMMIT; a failed one ends this client's rounds. */
async function transactions(client: pg.Client, rounds: number, next: () => unknown[], sql: string, tally: Tally): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    const at = process.hrtime.bigint();
    try {
      await client.query('BEGIN');
      await client.query(sql, next());
      await client.query('COMMIT');
      tally.transactionMs.push(elapsedMs(at));
    } catch (error) {
      tally.transactionErrors += 1;
      note(tally, error);
      return;
    }
  }
}

/** All clients connect at once; once every connect has settled, each runs its transactions; then all disconnect. */
async function storm(url: string, query: BenchQuery, next: () => Samples, options: BenchOptions): Promise<Tally> {
  const tally: Tally = { connectMs: [], transactionMs: [], connectErrors: 0, transactionErrors: 0 };
  const clients = Array.from({ length: options.clients }, () =>
    benchClient(url, 'azora-bench-db-storm', { connectionTimeoutMillis: 60_000 }),
  );
  const connected = await Promise.all(clients.map((client) => connect(client, tally)));
  const live = clients.filter((_, index) => connected[index]);
  await Promise.all(live.map((client) => transactions(client, options.rounds, () => query.params(next()), query.sql, tally)));
  await Promise.allSettled(live.map((client) => client.end()));
  return tally;
}

/** Step 4: `clients` connections at once through PgBouncer → primary, as the course service's role. */
export async function measureManyClients(
  queries: readonly BenchQuery[],
  sets: readonly Samples[],
  options: BenchOptions,
  log: Log,
): Promise<ManyClientsResult> {
  const query = queries.find((candidate) => candidate.name === STORM_QUERY);
  if (!query) throw new Error(`hot-queries: no "${STORM_QUERY}"`);
  const target = TARGETS.find((candidate) => candidate.id === 'bouncer-primary')!;
  const adminUrl = urlVia('primary', { bouncer: true, database: 'pgbouncer', user: SUPERUSER });
  // Read before and after, not during: the admin console is a client too, and max_client_conn is 1000.
  const otherClientsBefore = await bouncerUsedClients(adminUrl);
  log(
    `[bench] step 4/5: ${options.clients} clients at once via ${target.label} as ${query.role}, ` +
      `${options.rounds} × (BEGIN; ${query.name}; COMMIT) each; ${otherClientsBefore} other PgBouncer clients connected`,
  );
  const sampler = new ServerConnectionSampler(urlVia('primary', { bouncer: false, database: 'postgres', user: SUPERUSER }));
  await sampler.start(BENCH_DATABASE);
  const started = process.hrtime.bigint();
  const tally = await storm(urlFor(target, query.role), query, drawer(sets, options.seed, 'storm'), options);
  const seconds = elapsedMs(started) / 1000;
  const { max, samples } = await sampler.stop();
  const poolAfter = await bouncerPool(adminUrl, BENCH_DATABASE, query.role);
  const errors = tally.connectErrors + tally.transactionErrors;
  return {
    clients: options.clients,
    rounds: options.rounds,
    query: query.name,
    role: query.role,
    connected: tally.connectMs.length,
    connectErrors: tally.connectErrors,
    transactionErrors: tally.transactionErrors,
    errors,
    ...(tally.firstError === undefined ? {} : { firstError: tally.firstError }),
    seconds,
    connect: summarize(tally.connectMs, tally.connectErrors, seconds),
    transaction: summarize(tally.transactionMs, tally.transactionErrors, seconds),
    maxServerConnections: Object.fromEntries(max),
    samples,
    otherClientsBefore,
    ...(poolAfter ? { poolAfter } : {}),
    openFiles: await openFilesLimit(),
  };
}
