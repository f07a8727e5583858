import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { canConnect, freePort } from '../../tools/local-stack/dependencies.js';

export { freePort };

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

/**
 * A NATS server of the caller's own, on a free port. The course subjects are fixed, and other spec
 * files serve them on the machine's shared server at the same time: there, whichever reply came
 * first would win, in both directions.
 */
export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const url = `nats://127.0.0.1:${port}`;
  const child = spawn(natsServerBinary(), ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = (): void => void child.kill();
  process.once('exit', killOnExit);
  const deadline = Date.now() + 5000;
  while (!(await canConnect(url, 200))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nats-server did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}
