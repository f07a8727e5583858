import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
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

interface PrivateServer {
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

/** The server at `url`, or a private one of our own on loopback when it is installed but not running. */
export async function ensureServer(url: string, server: PrivateServer, log: (line: string) => void): Promise<Dependency> {
  if (await canConnect(url)) return { url, stop: () => undefined };
  const binary = server.binaries.find((path) => existsSync(path));
  if (!binary) return { stop: () => undefined };
  log(`${server.name} is not reachable at ${url}: starting ${binary} on 127.0.0.1:${server.port}`);
  const child = spawn(binary, server.args(server.port), { stdio: 'ignore' });
  const privateUrl = `${server.scheme}://127.0.0.1:${server.port}`;
  for (let i = 0; i < 50 && !(await canConnect(privateUrl)); i++) await new Promise((r) => setTimeout(r, 100));
  return { url: privateUrl, stop: () => void child.kill('SIGTERM') };
}
