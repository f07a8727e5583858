import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** A built Node entry point, run with this Node; or `command`, any program with its arguments. */
  entry?: string;
  command?: [string, ...string[]];
  env: Record<string, string>;
  logDir: string;
  /** Also copy the service's output to this process's stdout (npm start does; tests do not). */
  echo?: boolean;
}

function commandOf(options: SpawnOptions): [string, ...string[]] {
  if (options.command) return options.command;
  if (options.entry) return [process.execPath, '--enable-source-maps', options.entry];
  throw new Error(`${options.name}: neither an entry nor a command to run`);
}

/** Starts one service as its own process; its output goes to `<logDir>/<name>.log`. */
export function spawnService(options: SpawnOptions): ServiceProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logPath = join(options.logDir, `${options.name}.log`);
  // Without echo the child writes to the file itself, so it may outlive this process (bench --keep).
  const logFd = options.echo ? undefined : openSync(logPath, 'a');
  const [program, ...args] = commandOf(options);
  const child = spawn(program, args, {
    env: { ...process.env, ...options.env },
    stdio: logFd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
  });
  if (logFd !== undefined) closeSync(logFd);
  const log = logFd === undefined ? createWriteStream(logPath, { flags: 'a' }) : undefined;
  for (const stream of [child.stdout, child.stderr]) {
    if (log) stream?.pipe(log, { end: false });
    stream?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name: options.name,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      log?.end();
    },
  };
}

/** Resolves once `url` answers 200, or rejects with the service's name after `timeoutMs`. */
export async function waitForHttp(name: string, url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${name} did not become ready at ${url} within ${timeoutMs} ms`);
}
