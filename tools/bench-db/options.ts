import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_ORDER_SHARE, parseCount, SCALE_OPTIONS } from '../seed/cli.js';

export interface BenchOptions {
  users: number;
  courses: number;
  enrollments: number;
  orders: number;
  seed: number;
  /** Measured seconds per query and target, after `warmup` seconds that are not recorded. */
  seconds: number;
  warmup: number;
  /** Concurrent connections (one worker each) per service role and target; the CPU count by default. */
  workers: number;
  /** Clients of the connection-storm step, and the transactions each runs. */
  clients: number;
  rounds: number;
  reuse: boolean;
}

/**
 * Page 5,000 of 20 needs 100,000 published courses and ~70 % of the seeded ones are published, so the
 * benchmark seeds 145,000 courses (~101,500 published) rather than the seed tool's 100,000.
 */
export const BENCH_COURSES = 145_000;

/**
 * One worker per core: an offered load the machine can serve, so a p95 is the query's latency and
 * not mostly time spent queueing for a core; throughput and the client storm show saturation.
 */
export const DEFAULT_WORKERS = availableParallelism();

export const USAGE = `npm run bench:db -- [--users 100000] [--courses ${BENCH_COURSES}] [--enrollments 1000000] [--orders N]
                     [--seed 42] [--seconds 1] [--warmup 0.25] [--workers ${DEFAULT_WORKERS}] [--clients 1000] [--rounds 3] [--reuse]

Seeds the database azora_bench on the replica topology (kept between runs), measures the hot queries
directly and through PgBouncer on the primary and on replica 1, deep keyset pages and a storm of
clients through PgBouncer, prints budget lines and rewrites docs/PERFORMANCE.md's database section.
--courses defaults to ${BENCH_COURSES}, enough published courses for page 5,000 of 20; --workers to the CPU count.
--reuse skips seeding when the seeded row counts already match. Counts take k/m suffixes (1m).`;

const DEFAULTS = {
  users: 100_000,
  courses: BENCH_COURSES,
  enrollments: 1_000_000,
  seed: 42,
  workers: DEFAULT_WORKERS,
  clients: 1000,
  rounds: 3,
};

function seconds(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${flag} expects a number of seconds, got "${text}"`);
  return value;
}

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      ...SCALE_OPTIONS,
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      workers: { type: 'string' },
      clients: { type: 'string' },
      rounds: { type: 'string' },
      reuse: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const count = (flag: keyof typeof DEFAULTS): number => {
    const text = values[flag];
    return text === undefined ? DEFAULTS[flag] : parseCount(flag, text);
  };
  const enrollments = count('enrollments');
  const options: BenchOptions = {
    users: count('users'),
    courses: count('courses'),
    enrollments,
    orders: values.orders === undefined ? Math.round(enrollments * DEFAULT_ORDER_SHARE) : parseCount('orders', values.orders),
    seed: count('seed'),
    seconds: seconds('seconds', values.seconds, 1),
    warmup: seconds('warmup', values.warmup, 0.25),
    workers: count('workers'),
    clients: count('clients'),
    rounds: count('rounds'),
    reuse: values.reuse,
  };
  if (options.seconds <= 0) throw new Error('--seconds must be more than 0');
  if (options.workers < 1 || options.clients < 1 || options.rounds < 1) {
    throw new Error('--workers, --clients and --rounds must be at least 1');
  }
  return options;
}
