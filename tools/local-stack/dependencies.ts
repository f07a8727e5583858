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

const NATS_BINARIES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];
export const PRIVATE_NATS_PORT = 42229;

/** NATS at `url`, or a private nats-server of our own when one is installed but not running. */
export async function ensureNats(url: string, log: (line: string) => void): Promise<{ url: string; stop(): void }> {
  if (await canConnect(url)) return { url, stop: () => undefined };
  const binary = NATS_BINARIES.find((path) => existsSync(path));
  if (!binary)
    throw new Error(`NATS is not reachable at ${url} and no nats-server is installed: set NATS_URL or install nats-server`);
  log(`NATS is not reachable at ${url}: starting ${binary} on 127.0.0.1:${PRIVATE_NATS_PORT}`);
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(PRIVATE_NATS_PORT)], { stdio: 'ignore' });
  const privateUrl = `nats://127.0.0.1:${PRIVATE_NATS_PORT}`;
  for (let i = 0; i < 50 && !(await canConnect(privateUrl)); i++) await new Promise((r) => setTimeout(r, 100));
  return { url: privateUrl, stop: () => void child.kill('SIGTERM') };
}
