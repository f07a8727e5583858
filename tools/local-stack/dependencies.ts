import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import pg from 'pg';

export const canConnect = (url: string, timeoutMs = 1000): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port), timeout: timeoutMs });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket
      .once('connect', () => done(true))
      .once('error', () => done(false))
      .once('timeout', () => done(false));
  });

/** Ports this process handed out: one is free again once its probe closes, and the kernel may offer it twice. */
const handedOut = new Set<number>();

/**
 * A port nobody listens on right now, chosen by the kernel, and never one this process handed out
 * before: the stack asks for several before starting anything, and a port given twice makes the
 * second process fail to listen (a run once reported two services' CPU profiles as near-identical,
 * which two inspectors on one port would explain).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await kernelPort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface Dependency {
  /** Where the services reach it; undefined when neither it nor a private one could be had. */
  url?: string;
  stop(): void;
}

export interface PrivateServer {
  name: string;
  binaries: string[];
  port: number;
  scheme: string;
  args: (port: number) => string[];
}

export const PRIVATE_NATS: PrivateServer = {
  name: 'NATS',
  binaries: ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'],
  port: 42229,
  scheme: 'nats',
  args: (port) => ['-a', '127.0.0.1', '-p', String(port)],
};

export const PRIVATE_REDIS: PrivateServer = {
  name: 'Redis',
  binaries: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
  port: 46379,
  scheme: 'redis',
  args: (port) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
};

export const serverBinary = (server: PrivateServer): string | undefined => server.binaries.find((path) => existsSync(path));

export interface PrivateProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts `server` on loopback at `port` and waits until it accepts connections. */
export async function startPrivateServer(server: PrivateServer, port = server.port): Promise<PrivateProcess> {
  const binary = serverBinary(server);
  if (!binary) throw new Error(`${server.name}: none of ${server.binaries.join(', ')} is installed`);
  const child = spawn(binary, server.args(port), { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `${server.scheme}://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 50 && !(await canConnect(url)); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await canConnect(url))) {
    await stop();
    throw new Error(`${server.name} did not listen on 127.0.0.1:${port}`);
  }
  return { url, pid: child.pid!, stop };
}

/** The server at `url`, or a private one of our own on loopback when it is installed but not running. */
export async function ensureServer(url: string, server: PrivateServer, log: (line: string) => void): Promise<Dependency> {
  if (await canConnect(url)) return { url, stop: () => undefined };
  const binary = serverBinary(server);
  if (!binary) return { stop: () => undefined };
  log(`${server.name} is not reachable at ${url}: starting ${binary} on 127.0.0.1:${server.port}`);
  const started = await startPrivateServer(server);
  return { url: started.url, stop: () => void started.stop() };
}
