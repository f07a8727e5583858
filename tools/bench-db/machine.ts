import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { withPgClient } from '@azora/database';
import { BOUNCERS } from '../db-topology/layout.js';
import { bouncerPid } from '../db-topology/pgbouncer.js';
import { SUPERUSER, urlVia } from '../db-topology/topology.js';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  pgbouncer: string;
}

/** "Max open files  20000  20000  files" of /proc/<pid>/limits, as "soft/hard". */
async function limitOf(pid: number | 'self'): Promise<string> {
  try {
    const limits = await readFile(`/proc/${pid}/limits`, 'utf8');
    const line = limits.split('\n').find((candidate) => candidate.startsWith('Max open files'));
    const [soft, hard] = line?.replace('Max open files', '').trim().split(/\s+/) ?? [];
    return `${soft}/${hard}`;
  } catch {
    return 'unknown';
  }
}

/**
 * Node cannot raise its own RLIMIT_NOFILE (there is no process.setrlimit): the shell's `ulimit -n`
 * must allow the storm's sockets. Read here so the report shows what the run had.
 */
export async function openFilesLimit(): Promise<{ self: string; pgbouncer: string }> {
  const pid = bouncerPid(BOUNCERS[0]!);
  return { self: await limitOf('self'), pgbouncer: pid === undefined ? 'unknown' : await limitOf(pid) };
}

export async function machineInfo(): Promise<MachineInfo> {
  const postgres = await withPgClient(urlVia('primary', { bouncer: false, database: 'postgres', user: SUPERUSER }), async (c) => {
    return (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  });
  // The admin console answers SHOW VERSION with one row ("PgBouncer 1.18.0").
  const pgbouncer = await withPgClient(
    urlVia('primary', { bouncer: true, database: 'pgbouncer', user: SUPERUSER }),
    async (c) => {
      const row = (await c.query<Record<string, string>>('SHOW VERSION')).rows[0] ?? {};
      return Object.values(row)[0] ?? 'unknown';
    },
  );
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    postgres,
    pgbouncer,
  };
}
