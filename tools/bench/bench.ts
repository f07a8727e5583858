import { randomBytes } from 'node:crypto';
import type { SetupData } from './flows/context.js';
import type { BenchOptions, Mode } from './options.js';
import type { CpuProfile } from './cpu-profile.js';
import { snapshotDist } from './dist-snapshot.js';
import { comparison, runMode, type ModeResult } from './run-mode.js';
import { adoptKeptStack, dropBenchDatabase, startStack, type Log, type RunningStack } from './stack.js';
import { forgetKeptStack, readKeptStack, writeKeptStack } from './stack-state.js';

export interface BenchRuns {
  runs: ModeResult[];
  /** Raw CPU profiles per mode and process (--cpu-prof), for Chrome DevTools. */
  profiles: Record<string, Record<string, CpuProfile>>;
  comparison: ReturnType<typeof comparison>;
}

/** Undone in reverse order on success, failure or Ctrl-C. */
export class Cleanup {
  private readonly steps: (() => Promise<void>)[] = [];

  add(step: () => Promise<void>): () => void {
    this.steps.push(step);
    return () => void this.steps.splice(this.steps.indexOf(step), 1);
  }

  async run(log: Log): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

const databaseName = (profile: string): string => `azora_bench_${profile.replace(/\W/g, '_')}_${randomBytes(3).toString('hex')}`;

async function stackFor(
  mode: Mode,
  options: BenchOptions,
  database: string,
  repoRoot: string,
  distDir: string,
  log: Log,
): Promise<RunningStack> {
  const keptFile = `${repoRoot}/.data/bench/stack.json`;
  if (options.reuse) {
    const kept = await adoptKeptStack(readKeptStack(keptFile), mode);
    if (kept) {
      log(`reusing the ${mode} stack kept at ${kept.gatewayUrl} (database ${kept.database})`);
      return kept;
    }
    log(`no live ${mode} stack to reuse: starting one`);
  }
  return startStack({ mode, database, repoRoot, distDir, inspect: options.cpuProfile, users: options.profile.users, log });
}

/** Runs each mode of the invocation in turn, on the same database and the same registered users. */
export async function runBench(options: BenchOptions, repoRoot: string, cleanup: Cleanup, log: Log): Promise<BenchRuns> {
  const keptFile = `${repoRoot}/.data/bench/stack.json`;
  const database = databaseName(options.profile.name);
  const runs: ModeResult[] = [];
  const profiles: BenchRuns['profiles'] = {};
  let setup: SetupData | undefined;
  const dist = snapshotDist(repoRoot);
  // A kept stack runs from the snapshot after this process ends.
  if (!options.keep) cleanup.add(dist.remove);
  for (const mode of options.modes) {
    const stack = await stackFor(mode, options, database, repoRoot, dist.dir, log);
    const owned = !stack.reused && !options.keep;
    if (owned && runs.length === 0) cleanup.add(() => dropBenchDatabase(stack.database));
    const undoStop = cleanup.add(() => stack.stop());
    const run = await runMode(stack, options.profile, log, setup);
    runs.push(run.result);
    if (run.profiles) profiles[mode] = run.profiles;
    setup = run.setup;
    if (options.keep) {
      undoStop();
      if (!stack.reused) forgetKeptStack(keptFile);
      writeKeptStack(keptFile, stack.describe());
      log(`stack kept running at ${stack.gatewayUrl} (--reuse uses it, --stop stops it)`);
    } else {
      undoStop();
      await stack.stop();
    }
  }
  return { runs, profiles, comparison: comparison(runs) };
}
