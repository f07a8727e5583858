import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { canConnect, freePort } from '../local-stack/dependencies.js';

export { freePort };

interface ServerKind {
  name: string;
  binaries: string[];
  scheme: string;
  args: (port: number) => string[];
}

export const REDIS: ServerKind = {
  name: 'redis-server',
  binaries: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
  scheme: 'redis',
  args: (port) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
};

export const NATS: ServerKind = {
  name: 'nats-server',
  binaries: ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'],
  scheme: 'nats',
  args: (port) => ['-a', '127.0.0.1', '-p', String(port)],
};

/**
 * A server of the benchmark's own on a free loopback port (never the machine's shared 6379/4222),
 * which it may kill and start again on the same port: the Redis outage scenario does.
 */
export class PrivateServer {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly kind: ServerKind,
    private readonly binary: string,
    readonly port: number,
  ) {}

  static async start(kind: ServerKind): Promise<PrivateServer> {
    const binary = kind.binaries.find((path) => existsSync(path));
    if (!binary) throw new Error(`${kind.name} is not installed (looked in ${kind.binaries.join(', ')})`);
    const server = new PrivateServer(kind, binary, await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `${this.kind.scheme}://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(this.binary, this.kind.args(this.port), { stdio: 'ignore' });
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(this.url, 200))) {
      if (child.exitCode !== null) throw new Error(`${this.kind.name} exited with code ${child.exitCode} on port ${this.port}`);
      if (Date.now() > deadline) throw new Error(`${this.kind.name} did not listen on port ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL by PID: an abrupt outage, not a graceful shutdown the clients could see coming. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
