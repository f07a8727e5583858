import {
  createDatabaseIfMissing,
  developmentPassword,
  provisionServiceSchemas,
  serviceRole,
  withDatabase,
  withPgClient,
} from '@azora/database';
import { SUPERUSER, topologyUp, urlVia, waitForReplication } from '../db-topology/topology.js';
import { DEFAULT_END_DATE } from '../seed/dataset.js';
import { migrateServices } from '../seed/migrate.js';
import { seedDatabase } from '../seed/seed.js';
import type { CacheBenchOptions } from './options.js';

/** The benchmark's own catalog on the replica topology: neither `azora`, `azora_bench` nor a test's. */
export const CACHE_BENCH_DATABASE = 'azora_bench_cache';
const MARKER_PREFIX = 'azora bench-cache seed ';

export type Log = (line: string) => void;

export interface CatalogDatabase {
  seeded: boolean;
  seedSeconds?: number;
  courses: number;
  publishedCourses: number;
  /** Published courses per category, most first. */
  categories: { name: string; published: number }[];
  /** The published courses, with what the catalog sorts on: the browse mix lays its pages out from them. */
  published: PublishedCourse[];
}

export interface PublishedCourse {
  id: string;
  category: string;
  title: string;
  priceCents: number;
  createdAt: number;
}

const adminUrl = (): string => urlVia('primary', { bouncer: false, database: CACHE_BENCH_DATABASE, user: SUPERUSER });

/** The course service's database environment: PgBouncer for queries, both replicas, a direct URL for migrations. */
export function courseDatabaseEnv(): Record<string, string> {
  const user = serviceRole('course');
  const via = (target: 'primary' | 'replica-1' | 'replica-2', bouncer = true): string =>
    urlVia(target, { bouncer, database: CACHE_BENCH_DATABASE, user });
  return {
    DATABASE_URL: via('primary'),
    DATABASE_REPLICA_URLS: [via('replica-1'), via('replica-2')].join(','),
    DATABASE_MIGRATION_URL: via('primary', false),
  };
}

const markerFor = (options: CacheBenchOptions): string =>
  MARKER_PREFIX + JSON.stringify({ users: options.users, courses: options.courses, seed: options.seed });

async function seededMarker(url: string): Promise<string | null> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ marker: string | null }>(
      'SELECT shobj_description(oid, $1) AS marker FROM pg_database WHERE datname = $2',
      ['pg_database', CACHE_BENCH_DATABASE],
    );
    return rows[0]?.marker ?? null;
  });
}

async function seed(url: string, options: CacheBenchOptions): Promise<void> {
  await withPgClient(url, (client) => client.query(`COMMENT ON DATABASE ${CACHE_BENCH_DATABASE} IS NULL`));
  await seedDatabase({
    databaseUrl: url,
    users: options.users,
    courses: options.courses,
    enrollments: 0,
    orders: 0,
    seed: options.seed,
    endDate: DEFAULT_END_DATE,
    reset: true,
  });
  const marker = markerFor(options).replace(/'/g, "''");
  await withPgClient(url, async (client) => {
    await client.query(`COMMENT ON DATABASE ${CACHE_BENCH_DATABASE} IS '${marker}'`);
    await client.query('VACUUM (ANALYZE)');
  });
}

async function describeCatalog(url: string): Promise<Omit<CatalogDatabase, 'seeded' | 'seedSeconds'>> {
  return withPgClient(url, async (client) => {
    const total = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM course.courses');
    const categories = await client.query<{ name: string; published: number }>(
      `SELECT category AS name, count(*)::int AS published FROM course.courses WHERE published
       GROUP BY category ORDER BY 2 DESC, 1`,
    );
    const published = await client.query<PublishedCourse>(
      `SELECT id, category, title, price_cents AS "priceCents", (extract(epoch FROM created_at) * 1000)::float8 AS "createdAt"
       FROM course.courses WHERE published`,
    );
    return {
      courses: total.rows[0]!.n,
      publishedCourses: published.rows.length,
      categories: categories.rows,
      published: published.rows,
    };
  });
}

/**
 * The topology up (idempotent), the benchmark's database created, provisioned and migrated, seeded
 * by `tools/seed` unless it already holds the same seed, and replicated to both replicas.
 */
export async function prepareCatalog(options: CacheBenchOptions, log: Log): Promise<CatalogDatabase> {
  await topologyUp(log);
  const url = adminUrl();
  await createDatabaseIfMissing(withDatabase(url, 'postgres'), CACHE_BENCH_DATABASE);
  await provisionServiceSchemas(url, developmentPassword);
  await migrateServices(url);
  const reuse = (await seededMarker(url)) === markerFor(options);
  const started = performance.now();
  if (reuse) log(`[bench] ${CACHE_BENCH_DATABASE} already holds this seed: not seeding again`);
  else await seed(url, options);
  const seedSeconds = reuse ? undefined : (performance.now() - started) / 1000;
  if (seedSeconds !== undefined) log(`[bench] seeded ${CACHE_BENCH_DATABASE} in ${seedSeconds.toFixed(1)} s`);
  await waitForReplication(300_000);
  return { seeded: !reuse, seedSeconds, ...(await describeCatalog(url)) };
}
