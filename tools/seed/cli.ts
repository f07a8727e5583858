// npm run seed -- --users 100000 --courses 100000 --enrollments 1000000 [--orders N] [--seed 42]
//                  [--database-url URL] [--reset] [--no-migrate] [--end-date ISO] [--concurrency N]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_END_DATE } from './dataset.js';
import { prepareDatabase } from './migrate.js';
import { formatCount, StreamProgress } from './progress.js';
import { SEED_PASSWORD, seedDatabase, type SeedOptions } from './seed.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:55432/azora';
const DEFAULTS = { users: 100_000, courses: 100_000, enrollments: 1_000_000, seed: 42 } as const;
/** Paid orders default to a tenth of the enrollments. */
export const DEFAULT_ORDER_SHARE = 0.1;

const USAGE = `Loads a production-sized, deterministic data set into the auth, course and payment schemas.

  --users N          users (default ${DEFAULTS.users}); ~1 % instructors, a few admins
  --courses N        courses (default ${DEFAULTS.courses}), 2–5 lessons each
  --enrollments N    enrollments (default ${DEFAULTS.enrollments})
  --orders N         paid orders with items, payments and outbox events (default: enrollments / 10)
  --seed N           PRNG seed (default ${DEFAULTS.seed}): same seed, same rows and ids
  --database-url URL superuser URL of the database (default $DATABASE_URL, else ${DEFAULT_DATABASE_URL})
  --reset            truncate the seeded tables first (otherwise they must be empty)
  --no-migrate       do not create/provision/migrate the database first
  --end-date ISO     newest timestamp of the data (default ${DEFAULT_END_DATE.toISOString()})
  --concurrency N    statements in flight (default 2)
Numbers take _ separators and k/m suffixes: --enrollments 1m. Every user's password: ${SEED_PASSWORD}`;

/** "100000", "100_000", "100k" and "1m" all parse; anything else is an error naming the flag. */
export function parseCount(flag: string, text: string): number {
  const match = /^(\d[\d_]*)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`--${flag} expects a whole number (like 100000, 100k or 1m), got "${text}"`);
  const multiplier = { '': 1, k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
  return Number(match[1]!.replace(/_/g, '')) * multiplier;
}

export interface CliOptions extends Omit<SeedOptions, 'progress'> {
  migrate: boolean;
}

/** The data-set flags, shared with `npm run bench:db`, which seeds the same way. */
export const SCALE_OPTIONS = {
  users: { type: 'string' },
  courses: { type: 'string' },
  enrollments: { type: 'string' },
  orders: { type: 'string' },
  seed: { type: 'string' },
} as const;

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowNegative: true,
    options: {
      ...SCALE_OPTIONS,
      'database-url': { type: 'string' },
      reset: { type: 'boolean', default: false },
      migrate: { type: 'boolean', default: true },
      'end-date': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const count = (flag: 'users' | 'courses' | 'enrollments' | 'seed', fallback: number): number =>
    values[flag] === undefined ? fallback : parseCount(flag, values[flag]);
  const enrollments = count('enrollments', DEFAULTS.enrollments);
  const endDate = values['end-date'] ? new Date(values['end-date']) : DEFAULT_END_DATE;
  if (Number.isNaN(endDate.getTime())) throw new Error(`--end-date expects an ISO date, got "${values['end-date']}"`);
  const concurrency = values.concurrency === undefined ? 2 : parseCount('concurrency', values.concurrency);
  if (concurrency < 1) throw new Error('--concurrency must be at least 1');
  return {
    users: count('users', DEFAULTS.users),
    courses: count('courses', DEFAULTS.courses),
    enrollments,
    orders: values.orders === undefined ? Math.round(enrollments * DEFAULT_ORDER_SHARE) : parseCount('orders', values.orders),
    seed: count('seed', DEFAULTS.seed),
    databaseUrl: values['database-url'] ?? env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    reset: values.reset,
    migrate: values.migrate,
    endDate,
    concurrency,
  };
}

const redact = (url: string): string => {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
};

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const progress = new StreamProgress(process.stderr);
  progress.log(
    `seeding ${redact(options.databaseUrl)}: ${options.users} users, ${options.courses} courses, ` +
      `${options.enrollments} enrollments, ${options.orders} orders (seed ${options.seed})`,
  );
  if (options.migrate) {
    const at = performance.now();
    await prepareDatabase(options.databaseUrl, (line) => progress.log(line));
    progress.log(`migrated in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  }
  const report = await seedDatabase({ ...options, progress });
  console.log('\ntable                 rows');
  for (const [table, rows] of Object.entries(report.counts)) console.log(`${table.padEnd(20)} ${String(rows).padStart(9)}`);
  console.log('\nphase                   seconds   rows/s');
  for (const phase of report.phases) {
    const rate = phase.rows > 0 ? formatCount(phase.rows / phase.seconds) : '';
    console.log(`${phase.phase.padEnd(22)} ${phase.seconds.toFixed(1).padStart(8)} ${rate.padStart(8)}`);
  }
  const total = Object.values(report.counts).reduce((sum, rows) => sum + rows, 0);
  console.log(
    `\n${total} rows in ${report.seconds.toFixed(1)} s (${formatCount(report.rowsPerSecond)} rows/s); password: ${SEED_PASSWORD}`,
  );
}

// Only when run as a program, so that tests can import the parser.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
