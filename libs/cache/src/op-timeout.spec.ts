import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheUnavailable, withinBudget } from './op-timeout.js';

// An echo server in a process of its own, as Redis is: it answers while this process is busy, after
// the number of milliseconds the message names.
const ECHO_SERVER = `
  const server = require('node:net').createServer((socket) =>
    socket.on('data', (data) => setTimeout(() => socket.write(data), Number(data))).on('error', () => {}));
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;

let echo: ChildProcess;
let client: Socket;

beforeAll(async () => {
  echo = spawn(process.execPath, ['-e', ECHO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    echo.stdout!.once('data', (data: Buffer) => resolve(Number(data.toString()))),
  );
  client = connect(port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
});

afterAll(() => {
  client?.destroy();
  echo?.kill();
});

/** One round trip to the echo server, as a Redis command would be, answered after `delayMs`. */
const roundTrip = (delayMs = 0): Promise<string> =>
  new Promise((resolve) => {
    client.once('data', (data) => resolve(data.toString()));
    client.write(String(delayMs));
  });

/** Keeps the event loop busy for `totalMs`, in slices of `sliceMs` with a turn of the loop in between. */
async function busyFor(totalMs: number, sliceMs: number): Promise<void> {
  const until = performance.now() + totalMs;
  while (performance.now() < until) {
    blockEventLoop(sliceMs);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const blockEventLoop = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe(withinBudget.name, () => {
  it('passes on the value of an operation that answers in time', async () => {
    await expect(withinBudget(roundTrip(), 50)).resolves.toBe('0');
  });

  it('rejects with CacheUnavailable when the answer does not come within the budget', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withinBudget(never, 20)).rejects.toBeInstanceOf(CacheUnavailable);
  });

  it('passes on the error of an operation that fails', async () => {
    await expect(withinBudget(Promise.reject(new Error('READONLY')), 50)).rejects.toThrow('READONLY');
  });

  it('does not count a busy event loop as a slow answer: the reply came in time, the process read it late', async () => {
    // As in a service: the command goes out from a callback, then other work keeps the loop busy past the
    // budget. The reply is in the socket buffer long before that ends, but the loop's next turn runs the
    // overdue timer before it reads the socket.
    const { answer } = await new Promise<{ answer: Promise<string> }>((resolve) =>
      setImmediate(() => {
        const pending = withinBudget(roundTrip(), 20);
        blockEventLoop(80);
        resolve({ answer: pending });
      }),
    );
    await expect(answer).resolves.toBe('0');
  });

  it('gives a busy process more time for a slow answer, then gives up at the cap', async () => {
    const slow = withinBudget(roundTrip(120), 20, 400);
    // Its rejection is expected before the busy spell ends: handled from the start, not reported as unhandled.
    const never = expect(withinBudget(new Promise<string>(() => undefined), 20, 200)).rejects.toBeInstanceOf(CacheUnavailable);
    const started = performance.now();
    await busyFor(300, 30);
    await expect(slow).resolves.toBe('120');
    await never;
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('does not extend the budget of an idle process: a slow answer is a timeout', async () => {
    const started = performance.now();
    await expect(withinBudget(roundTrip(150), 20)).rejects.toBeInstanceOf(CacheUnavailable);
    expect(performance.now() - started).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the late echo arrive before the next test
  });
});
