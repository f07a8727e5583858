import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MARKER = 'AZORA_BENCH_NOFILE';

function softOpenFiles(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.replace('Max open files', '').trim().split(/\s+/)[0];
  return soft === 'unlimited' ? Infinity : Number(soft);
}

/**
 * Every virtual user holds a socket here and one in the gateway, so both processes need more open
 * files than users. Node cannot raise its own RLIMIT_NOFILE: when the soft limit is too low, the
 * harness runs itself again under `prlimit` (the services it spawns inherit the limit).
 * Returns the limit in force, or never returns (the re-run's exit code ends this process).
 */
export function ensureOpenFiles(needed: number): number {
  const soft = softOpenFiles();
  if (soft >= needed) return soft;
  if (process.env[MARKER] !== undefined) {
    throw new Error(`the open files limit is ${soft}, the run needs ${needed}: raise it (ulimit -n ${needed}) and run again`);
  }
  console.log(`[bench] open files limit ${soft} < ${needed}: running again under prlimit --nofile=${needed}`);
  const rerun = spawnSync(
    'prlimit',
    [`--nofile=${needed}:${needed}`, process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, [MARKER]: String(needed) },
    },
  );
  if (rerun.error) throw new Error(`prlimit failed (${rerun.error.message}): raise the limit with ulimit -n ${needed}`);
  process.exit(rerun.status ?? 1);
}
