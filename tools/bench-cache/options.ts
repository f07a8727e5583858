import { parseArgs } from 'node:util';
import { parseCount } from '../seed/cli.js';

export interface CacheBenchOptions {
  users: number;
  courses: number;
  seed: number;
  /** autocannon connections of every scenario. */
  connections: number;
  /**
   * Browse scenario: requests of warm-up (not counted), then requests measured. A count, not a
   * duration: the same seeded sequence then gives the same hit rate however fast the machine is.
   */
  browseWarmup: number;
  browseRequests: number;
  /** Side-by-side throughput: rounds, and seconds per target per round (after a 1 s warm-up each). */
  rounds: number;
  roundSeconds: number;
  /** Redis outage: seconds before the kill, while Redis is down, and after the restart. */
  outageSeconds: [before: number, down: number, after: number];
  /** The course service's LOG_LEVEL: `info`, the production default, logs one line per request. */
  logLevel: string;
}

export const USAGE = `npm run bench:cache -- [--courses 20000] [--users 20000] [--seed 42] [--connections 100]
                        [--browse-warmup 250000] [--browse-requests 125000] [--rounds 4] [--round-seconds 5]
                        [--log-level info]

Seeds azora_bench_cache on the replica topology (kept between runs), starts a private redis-server
and nats-server, the built course service (production mode) and a bare NestJS-on-Fastify app, measures
the browse hit rate, throughput against the bare app, a Redis outage and compression with autocannon,
prints PASS/FAIL per budget and rewrites the "Cache" section of docs/PERFORMANCE.md.`;

const DEFAULTS = {
  users: 20_000,
  courses: 20_000,
  seed: 42,
  connections: 100,
  rounds: 4,
  'browse-warmup': 250_000,
  'browse-requests': 125_000,
};

function seconds(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${flag} expects a positive number of seconds, got "${text}"`);
  return value;
}

export function parseOptions(argv: readonly string[]): CacheBenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      users: { type: 'string' },
      courses: { type: 'string' },
      seed: { type: 'string' },
      connections: { type: 'string' },
      'browse-warmup': { type: 'string' },
      'browse-requests': { type: 'string' },
      rounds: { type: 'string' },
      'round-seconds': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const count = (flag: keyof typeof DEFAULTS): number => {
    const text = values[flag];
    const value = text === undefined ? DEFAULTS[flag] : parseCount(flag, text);
    if (value < 1) throw new Error(`--${flag} must be at least 1`);
    return value;
  };
  return {
    users: count('users'),
    courses: count('courses'),
    seed: count('seed'),
    connections: count('connections'),
    browseWarmup: count('browse-warmup'),
    browseRequests: count('browse-requests'),
    rounds: count('rounds'),
    roundSeconds: seconds('round-seconds', values['round-seconds'], 5),
    outageSeconds: [4, 6, 10],
    logLevel: values['log-level'] ?? 'info',
  };
}
