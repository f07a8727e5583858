import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';

export interface PrivateNats {
  url: string;
  stop(): Promise<void>;
}

// .ci/run installs the nats-server package; Debian puts the binary in /usr/sbin, often off a user's PATH.
const CANDIDATES = [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

function natsServerBinary(): string {
  const found = CANDIDATES.find((path): path is string => !!path && existsSync(path));
  if (!found) throw new Error('nats-server not found: install the nats-server package (as .ci/run does) or set NATS_SERVER_BIN');
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, deadline = Date.now() + 5000): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(true)).once('error', () => resolve(false));
      socket.setTimeout(200, () => resolve(false));
      setTimeout(() => socket.destroy(), 250);
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nats-server did not listen on ${port} in time`);
}

/**
 * A NATS server of this spec file's own, on a free port. The course subjects are fixed, and other
 * spec files (payment's course stand-in) serve them on the machine's shared server at the same
 * time: there, whichever reply came first would win, in both directions.
 */
export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const child = spawn(natsServerBinary(), ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const killOnExit = (): void => void child.kill();
  process.once('exit', killOnExit);
  await waitForPort(port, child);
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
