import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StackProcess } from '../local-stack/stack.js';
import type { Mode } from './options.js';

/** What `--keep` leaves behind so that `--reuse` and `--stop` find the running stack. */
export interface KeptStack {
  mode: Mode;
  database: string;
  gatewayUrl: string;
  serviceUrls: Record<StackProcess, string>;
  pids: Partial<Record<StackProcess | 'redis' | 'nats', number>>;
  redisUrl: string;
  startedAt: string;
}

export function keptStackFile(repoRoot: string): string {
  return join(repoRoot, '.data', 'bench', 'stack.json');
}

export function readKeptStack(file: string): KeptStack | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as KeptStack;
  } catch {
    return undefined;
  }
}

export function writeKeptStack(file: string, stack: KeptStack): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(stack, null, 2)}\n`);
}

export const forgetKeptStack = (file: string): void => rmSync(file, { force: true });

export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
