import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  ppid: number;
  /** utime + stime of the process itself, in seconds. */
  own: number;
  /** cutime + cstime: children it has reaped (PostgreSQL's exited backends), in seconds. */
  reaped: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = (i: number): number => Number(fields[i]) / CLOCK_TICKS;
    return { ppid: Number(fields[1]), own: ticks(11) + ticks(12), reaped: ticks(13) + ticks(14) };
  } catch {
    return undefined;
  }
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return Number(line?.split(/\s+/)[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine since boot (/proc/stat: everything but idle and iowait). */
function machineBusy(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / CLOCK_TICKS;
}

function childrenOf(roots: readonly number[]): number[] {
  const wanted = new Set(roots);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || wanted.has(pid)) continue;
    const stat = readStat(pid);
    if (stat && wanted.has(stat.ppid)) found.push(pid);
  }
  return found;
}

export interface ProcessGroup {
  /** The processes themselves (one service, or the postmasters of the servers). */
  pids: number[];
  /** Count their children too (PostgreSQL backends). */
  withChildren: boolean;
}

export interface ProcessFigures {
  cpuSeconds: number;
  /** CPU time / wall time of the window, in cores (1.0 = one core busy all the time). */
  cores: number;
  peakRssMiB: number;
}

interface Snapshot {
  at: number;
  cpu: Record<string, number>;
  machine: number;
}

/** Rows added to the groups: all CPU of the machine, and the part no measured process used (other work). */
export const MACHINE = 'whole machine';
export const OTHERS = 'other processes';

/**
 * Samples CPU time and RSS of the stack's processes from /proc every second. CPU time is exact
 * (the kernel's counters, read at the window's edges); peak RSS of a single process is the kernel's
 * high-water mark (VmHWM), of a group the largest sampled sum.
 */
export class ProcSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly peakRss: Record<string, number> = {};
  private readonly marks = new Map<string, Snapshot>();

  constructor(private readonly groups: Record<string, ProcessGroup>) {}

  start(intervalMs = 1000): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  mark(label: string): void {
    this.marks.set(label, this.snapshot());
  }

  figures(from: string, to: string): Record<string, ProcessFigures> {
    const [a, b] = [this.marks.get(from), this.marks.get(to)];
    if (!a || !b) throw new Error(`ProcSampler: no mark "${a ? to : from}"`);
    const wall = (b.at - a.at) / 1000;
    const result: Record<string, ProcessFigures> = {};
    for (const [name, group] of Object.entries(this.groups)) {
      const cpuSeconds = (b.cpu[name] ?? 0) - (a.cpu[name] ?? 0);
      const hwm = group.withChildren ? 0 : Math.max(...group.pids.map((pid) => statusKiB(pid, 'VmHWM')), 0) / 1024;
      result[name] = { cpuSeconds, cores: wall > 0 ? cpuSeconds / wall : 0, peakRssMiB: Math.max(hwm, this.peakRss[name] ?? 0) };
    }
    const machine = b.machine - a.machine;
    const others = Math.max(0, machine - Object.values(result).reduce((sum, p) => sum + p.cpuSeconds, 0));
    const row = (cpuSeconds: number): ProcessFigures => ({ cpuSeconds, cores: wall > 0 ? cpuSeconds / wall : 0, peakRssMiB: 0 });
    return { ...result, [OTHERS]: row(others), [MACHINE]: row(machine) };
  }

  private members(group: ProcessGroup): number[] {
    return group.withChildren ? [...group.pids, ...childrenOf(group.pids)] : group.pids;
  }

  private snapshot(): Snapshot {
    const cpu: Record<string, number> = {};
    for (const [name, group] of Object.entries(this.groups)) {
      const roots = group.pids.map(readStat).reduce((sum, stat) => sum + (stat?.reaped ?? 0), 0);
      const own = this.members(group).reduce((sum, pid) => sum + (readStat(pid)?.own ?? 0), 0);
      cpu[name] = roots + own;
    }
    return { at: performance.now(), cpu, machine: machineBusy() };
  }

  private sample(): void {
    for (const [name, group] of Object.entries(this.groups)) {
      const rss = this.members(group).reduce((sum, pid) => sum + statusKiB(pid, 'VmRSS'), 0) / 1024;
      this.peakRss[name] = Math.max(this.peakRss[name] ?? 0, rss);
    }
  }
}
