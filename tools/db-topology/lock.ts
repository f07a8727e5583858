import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { LOCK_FILE } from './layout.js';
import { sleep } from './processes.js';

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(LOCK_FILE, 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tryLock(): boolean {
  try {
    const fd = openSync(LOCK_FILE, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Test workers, global setups and a developer's shell may all call `up` at once: one at a time,
 * or two of them would initdb into the same folder.
 */
export async function withTopologyLock<T>(work: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  mkdirSync(dirname(LOCK_FILE), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  while (!tryLock()) {
    if (!holderAlive()) rmSync(LOCK_FILE, { force: true });
    else if (Date.now() > deadline) throw new Error(`db-topology: ${LOCK_FILE} is held by another process`);
    else await sleep(100);
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_FILE, { force: true });
  }
}
