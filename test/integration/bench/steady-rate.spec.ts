import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runSteadyRate } from '../../../tools/bench-cache/steady-rate.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A local server that records when each request arrived and answers after `delayMs(arrivalMs)`. */
async function serve(delayMs: (sinceStartMs: number) => number): Promise<{ url: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  const started = performance.now();
  server = createServer((_req, res) => {
    const at = performance.now() - started;
    arrivals.push(at);
    setTimeout(() => res.end('ok'), delayMs(at));
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`, arrivals };
}

describe('runSteadyRate (bench:cache latency below saturation)', () => {
  it('spreads requests evenly over the run instead of sending each second’s quota at once', async () => {
    const { url, arrivals } = await serve(() => 0);
    const result = await runSteadyRate({ url, connections: 20, rate: 400, seconds: 1.5, warmupSeconds: 0.5 });
    expect([result.requests, arrivals.length]).toEqual([600, 800]);
    expect(result.non2xx + result.errors).toBe(0);
    const first = arrivals[0]!;
    const perTenth = new Map<number, number>();
    for (const at of arrivals)
      perTenth.set(Math.floor((at - first) / 100), (perTenth.get(Math.floor((at - first) / 100)) ?? 0) + 1);
    // 40 due per 100 ms; a burst of a second's quota would put hundreds in one.
    expect(Math.max(...perTenth.values())).toBeLessThan(80);
  });

  it('counts latency from when a request was due, so a stall shows in full (no coordinated omission)', async () => {
    // Every answer waits until 400 ms into the run: requests due at the start waited about 400 ms.
    const { url } = await serve((at) => Math.max(0, 400 - at));
    const result = await runSteadyRate({ url, connections: 5, rate: 200, seconds: 1 });
    expect(result.max).toBeGreaterThan(350);
    expect(result.p50).toBeLessThan(100);
  });
});
