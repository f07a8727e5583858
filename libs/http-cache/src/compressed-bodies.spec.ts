import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompressedBodies } from './compressed-bodies.js';

const body = (seed: number): string =>
  JSON.stringify({ seed, words: Array.from({ length: 400 }, (_, i) => `word${(i * seed) % 97}`) });

describe(CompressedBodies.name, () => {
  it('compresses a body once per coding, then serves the same Buffer from memory', async () => {
    const bodies = new CompressedBodies();
    const first = await bodies.encode('"a"', body(1), 'br');
    const again = bodies.encode('"a"', body(1), 'br');
    expect(again).toBe(first);
    expect(brotliDecompressSync(first).toString()).toBe(body(1));
    expect(gunzipSync(await bodies.encode('"a"', body(1), 'gzip')).toString()).toBe(body(1));
    expect(bodies.size).toBe(2);
  });

  it('shares one compression between concurrent first requests', async () => {
    const bodies = new CompressedBodies();
    const [a, b] = [bodies.encode('"x"', body(2), 'br'), bodies.encode('"x"', body(2), 'br')];
    expect(a).toBe(b);
    expect(await a).toBe(await b);
  });

  it('drops the least recently used bodies once over its byte budget', async () => {
    const probe = await new CompressedBodies().encode('"p"', body(3), 'gzip');
    const bodies = new CompressedBodies(probe.length * 2 + 10);
    await bodies.encode('"1"', body(3), 'gzip');
    await bodies.encode('"2"', body(3), 'gzip');
    await bodies.encode('"1"', body(3), 'gzip'); // touched: now the youngest
    await bodies.encode('"3"', body(3), 'gzip');
    expect(bodies.size).toBe(2);
    expect(bodies.storedBytes).toBeLessThanOrEqual(probe.length * 2 + 10);
    expect(Buffer.isBuffer(bodies.encode('"1"', body(3), 'gzip'))).toBe(true);
    expect(Buffer.isBuffer(bodies.encode('"2"', body(3), 'gzip'))).toBe(false);
  });
});
