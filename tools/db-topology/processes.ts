import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { HOST, TOPOLOGY_DIR } from './layout.js';

export type Log = (line: string) => void;

const OWNER_NAME = 'postgres';

/** PostgreSQL and PgBouncer refuse to run as root: as root, everything runs as (and is owned by) `postgres`. */
function owner(): { uid: number; gid: number; home: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${OWNER_NAME}:`));
  if (!line) throw new Error(`db-topology runs as root but there is no "${OWNER_NAME}" OS user to run PostgreSQL as`);
  const [, , uid, gid, , home] = line.split(':');
  return { uid: Number(uid), gid: Number(gid), home: home! };
}

export function ensureOwnedDir(path: string): void {
  mkdirSync(path, { recursive: true });
  const id = owner();
  if (id) chownSync(path, id.uid, id.gid);
}

export function chownToOwner(path: string): void {
  const id = owner();
  if (id) chownSync(path, id.uid, id.gid);
}

/** Runs a command as the data owner; rejects with its output when it exits non-zero. */
export function runAsOwner(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const id = owner();
    // HOME too: pg_basebackup -R writes the owner's ~/.pgpass path into the replica's primary_conninfo.
    const asOwner = id ? { uid: id.uid, gid: id.gid, env: { ...process.env, HOME: id.home } } : {};
    const child = spawn(command, args, { ...asOwner, cwd: TOPOLOGY_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.trim()}`));
    });
  });
}

export function portOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port, timeout: timeoutMs });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket
      .once('connect', () => done(true))
      .once('error', () => done(false))
      .once('timeout', () => done(false));
  });
}

/** The PID on the first line of a pid file, if that process is still alive and runs `program`. */
export function livePid(pidFile: string, program: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    // A recycled PID must not be mistaken for ours (and then signalled).
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(program) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`db-topology: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
