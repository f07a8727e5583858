import {
  createDatabaseIfMissing,
  developmentPassword,
  provisionServiceSchemas,
  withDatabase,
  withPgClient,
} from '@azora/database';
import { SUPERUSER, topologyUp, urlVia, waitForReplication } from '../db-topology/topology.js';
import { DEFAULT_END_DATE } from '../seed/dataset.js';
import { migrateServices } from '../seed/migrate.js';
import { StreamProgress } from '../seed/progress.js';
import { seedDatabase, type SeededTable } from '../seed/seed.js';
import type { BenchOptions } from './options.js';

/** The benchmark's own database on the topology: never `azora` nor a test's database. */
export const BENCH_DATABASE = 'azora_bench';
/** Marks the seed parameters on the database, so that `--reuse` knows what it holds. */
const MARKER_PREFIX = 'azora bench-db seed ';

export type Log = (line: string) => void;

export interface PreparedDatabase {
  seeded: boolean;
  seedSeconds?: number;
  counts: Partial<Record<SeededTable, number>>;
  vacuumSeconds: number;
  replicationWaitSeconds: number;
}

/** The superuser, directly on the primary: provisioning, seeding, sampling. */
export const benchAdminUrl = (): string => urlVia('primary', { bouncer: false, database: BENCH_DATABASE, user: SUPERUSER });

const seconds = (since: number): number => (performance.now() - since) / 1000;

function seedMarker(options: BenchOptions): string {
  const { users, courses, enrollments, orders, seed } = options;
  return MARKER_PREFIX + JSON.stringify({ users, courses, enrollments, orders, seed, endDate: DEFAULT_END_DATE.toISOString() });
}

/** The counts the four sized tables must have; lessons vary with the seed. */
function expectedCounts(options: BenchOptions): Partial<Record<SeededTable, number>> {
  return {
    'auth.users': options.users,
    'course.courses': options.courses,
    'course.enrollments': options.enrollments,
    'payment.orders': options.orders,
  };
}

async function alreadySeeded(url: string, options: BenchOptions): Promise<boolean> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ marker: string | null }>(
      'SELECT shobj_description(oid, $1) AS marker FROM pg_database WHERE datname = $2',
      ['pg_database', BENCH_DATABASE],
    );
    if (rows[0]?.marker !== seedMarker(options)) return false;
    for (const [table, expected] of Object.entries(expectedCounts(options))) {
      const found = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      if (found.rows[0]!.n !== expected) return false;
    }
    return true;
  });
}

async function seed(url: string, options: BenchOptions, log: Log): Promise<PreparedDatabase['counts']> {
  await withPgClient(url, (client) => client.query(`COMMENT ON DATABASE ${BENCH_DATABASE} IS NULL`));
  const report = await seedDatabase({
    databaseUrl: url,
    users: options.users,
    courses: options.courses,
    enrollments: options.enrollments,
    orders: options.orders,
    seed: options.seed,
    endDate: DEFAULT_END_DATE,
    reset: true,
    progress: new StreamProgress(process.stdout),
  });
  const marker = seedMarker(options).replace(/'/g, "''");
  await withPgClient(url, (client) => client.query(`COMMENT ON DATABASE ${BENCH_DATABASE} IS '${marker}'`));
  log(`[bench] seeded ${Object.values(report.counts).reduce((a, b) => a + b, 0)} rows in ${report.seconds.toFixed(1)} s`);
  return report.counts;
}

/**
 * Step 1: the topology up (idempotent), `azora_bench` created, provisioned and migrated, seeded
 * unless `--reuse` finds it seeded alike, VACUUM (ANALYZE), and both replicas caught up.
 */
export async function prepareBenchDatabase(options: BenchOptions, log: Log): Promise<PreparedDatabase> {
  await topologyUp(log);
  const url = benchAdminUrl();
  await createDatabaseIfMissing(withDatabase(url, 'postgres'), BENCH_DATABASE);
  // Idempotent; the roles keep the development passwords the topology gave them.
  await provisionServiceSchemas(url, developmentPassword);
  await migrateServices(url);
  log(`[bench] database ${BENCH_DATABASE} created, provisioned and migrated`);
  const reuse = options.reuse && (await alreadySeeded(url, options));
  const seedStart = performance.now();
  let counts = expectedCounts(options);
  if (reuse) log('[bench] --reuse: the seeded row counts match, not seeding again');
  else counts = await seed(url, options, log);
  const seedSeconds = reuse ? undefined : seconds(seedStart);
  const vacuumStart = performance.now();
  await withPgClient(url, (client) => client.query('VACUUM (ANALYZE)'));
  const vacuumSeconds = seconds(vacuumStart);
  log(`[bench] VACUUM (ANALYZE) in ${vacuumSeconds.toFixed(1)} s`);
  const waitStart = performance.now();
  await waitForReplication(300_000);
  const replicationWaitSeconds = seconds(waitStart);
  log(`[bench] both replicas caught up in ${replicationWaitSeconds.toFixed(1)} s`);
  return { seeded: !reuse, seedSeconds, counts, vacuumSeconds, replicationWaitSeconds };
}
