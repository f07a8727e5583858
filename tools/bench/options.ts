import { isProfileName, PROFILES, type LoadProfile } from './profiles.js';

export type Mode = 'optimized' | 'baseline';

export interface BenchOptions {
  profile: LoadProfile;
  /** The runs of this invocation, in order: one mode, or baseline then optimized (--compare). */
  modes: Mode[];
  /** Use the stack a previous `--keep` left running, when it is still up and in the same mode. */
  reuse: boolean;
  /** Leave the stack running after the run (for --reuse). */
  keep: boolean;
  /** Rewrite the "## Load" section of docs/PERFORMANCE.md (never for smoke). */
  writeDoc: boolean;
  /** Where the JSON, Markdown and HTML reports go. */
  outDir: string;
  /** Sample the Node processes' CPU over the steady window (inspector); costs some CPU itself. */
  cpuProfile: boolean;
}

export const USAGE = `usage: npm run bench -- --profile <smoke|load-100|load-1000|stress-10000> [options]

  --baseline            optimizations off by configuration (no caches, no replicas, no PgBouncer, no compression)
  --compare             baseline, then optimized, in one invocation; reports the ratios
  --reuse               use the stack a previous --keep left running (same mode), else start one
  --keep                leave the stack running afterwards
  --stop                stop a stack left running by --keep, and exit
  --no-doc              do not rewrite docs/PERFORMANCE.md (smoke never does)
  --rewrite-doc         only rebuild the docs section from the latest results in bench-results/, and exit
  --out <dir>           report directory (default bench-results)
  --cpu-prof            CPU profiles of the gateway and services over the steady window (where the time goes)
  --users <n>           virtual users (default: the profile's)
  --ramp <s>            ramp-up seconds
  --duration <s>        steady seconds (measured)
  --think-scale <x>     multiplies every think time
  --relogin-every <n>   the auth flow logs in again every n iterations`;

export class UsageError extends Error {}

function positive(flag: string, value: string | undefined, integer: boolean, allowZero = false): number {
  const parsed = Number(value);
  const valid = Number.isFinite(parsed) && (allowZero ? parsed >= 0 : parsed > 0) && (!integer || Number.isInteger(parsed));
  if (value === undefined || !valid)
    throw new UsageError(`${flag} needs a ${integer ? 'whole' : ''} number, got "${value ?? ''}"`);
  return parsed;
}

type Overrides = Partial<Pick<LoadProfile, 'users' | 'rampSeconds' | 'steadySeconds' | 'thinkScale' | 'reloginEvery'>>;

const NUMERIC_FLAGS: Record<string, (value: string | undefined) => Overrides> = {
  '--users': (v) => ({ users: positive('--users', v, true) }),
  '--ramp': (v) => ({ rampSeconds: positive('--ramp', v, false, true) }),
  '--duration': (v) => ({ steadySeconds: positive('--duration', v, false) }),
  '--think-scale': (v) => ({ thinkScale: positive('--think-scale', v, false, true) }),
  '--relogin-every': (v) => ({ reloginEvery: positive('--relogin-every', v, true) }),
};

export function parseOptions(argv: readonly string[]): BenchOptions | 'stop' | 'rewrite-doc' {
  let profileName: string | undefined;
  let overrides: Overrides = {};
  const flags = new Set<string>();
  let outDir = 'bench-results';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--profile') profileName = argv[++i];
    else if (arg === '--out') outDir = argv[++i] ?? '';
    else if (NUMERIC_FLAGS[arg]) overrides = { ...overrides, ...NUMERIC_FLAGS[arg](argv[++i]) };
    else if (['--baseline', '--compare', '--reuse', '--keep', '--stop', '--no-doc', '--rewrite-doc', '--cpu-prof'].includes(arg))
      flags.add(arg);
    else throw new UsageError(`unknown argument "${arg}"`);
  }
  if (flags.has('--stop')) return 'stop';
  if (flags.has('--rewrite-doc')) return 'rewrite-doc';
  if (profileName === undefined || !isProfileName(profileName)) {
    throw new UsageError(`--profile must be one of ${Object.keys(PROFILES).join(', ')}, got "${profileName ?? ''}"`);
  }
  if (flags.has('--baseline') && flags.has('--compare')) throw new UsageError('--baseline and --compare exclude each other');
  if (flags.has('--compare') && (flags.has('--reuse') || flags.has('--keep'))) {
    throw new UsageError('--compare restarts the stack between its two runs: no --reuse or --keep');
  }
  if (outDir === '') throw new UsageError('--out needs a directory');
  if (flags.has('--cpu-prof') && flags.has('--reuse')) throw new UsageError('--cpu-prof starts its own stack: no --reuse');
  const profile = { ...PROFILES[profileName], ...overrides };
  const modes: Mode[] = flags.has('--compare') ? ['baseline', 'optimized'] : [flags.has('--baseline') ? 'baseline' : 'optimized'];
  return {
    profile,
    modes,
    reuse: flags.has('--reuse'),
    keep: flags.has('--keep'),
    writeDoc: !flags.has('--no-doc') && profile.name !== 'smoke',
    outDir,
    cpuProfile: flags.has('--cpu-prof'),
  };
}
