import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryLayer } from './memory-layer.js';

const page = (characters: number) => ({ status: 200, type: 'application/json', body: 'x'.repeat(characters) });

afterEach(() => vi.useRealTimers());

describe(MemoryLayer.name, () => {
  it('holds a value for its TTL only', () => {
    vi.useFakeTimers();
    const layer = new MemoryLayer(2000, 10, 1_000_000);
    layer.set('a', 1);
    vi.advanceTimersByTime(1999);
    expect(layer.get('a')).toBe(1);
    vi.advanceTimersByTime(1);
    expect(layer.get('a')).toBeUndefined();
    expect([layer.size, layer.heldBytes]).toEqual([0, 0]);
  });

  it('keeps within its byte budget, dropping the oldest first', () => {
    const layer = new MemoryLayer(60_000, 1000, 64_000);
    for (const key of ['a', 'b', 'c', 'd', 'e']) layer.set(key, page(300)); // 900 bytes each
    expect(layer.heldBytes).toBe(4500);
    const big = new MemoryLayer(60_000, 1000, 3 * 64 * 900);
    for (const key of ['a', 'b', 'c', 'd']) big.set(key, page(900)); // 2700 bytes each, budget 172,800
    expect(big.size).toBe(4);
    const tight = new MemoryLayer(60_000, 1000, 64 * 2700);
    for (let i = 0; i < 100; i++) tight.set(`k${i}`, page(900));
    expect(tight.heldBytes).toBeLessThanOrEqual(64 * 2700);
    expect(tight.get('k0')).toBeUndefined();
    expect(tight.get('k99')).toBeDefined();
  });

  it('keeps within its entry budget, and replacing a key does not count it twice', () => {
    const layer = new MemoryLayer(60_000, 3, 1_000_000);
    for (const key of ['a', 'b', 'c', 'd']) layer.set(key, key);
    expect([layer.get('a'), layer.get('d'), layer.size]).toEqual([undefined, 'd', 3]);
    const before = layer.heldBytes;
    layer.set('d', 'd');
    expect([layer.size, layer.heldBytes]).toEqual([3, before]);
  });

  it('does not hold a value larger than a 64th of the budget', () => {
    const layer = new MemoryLayer(60_000, 1000, 64_000);
    layer.set('huge', page(400));
    expect(layer.get('huge')).toBeUndefined();
  });

  it('holds nothing with a TTL of 0', () => {
    const layer = new MemoryLayer(0, 1000, 1_000_000);
    layer.set('a', 1);
    expect([layer.get('a'), layer.size]).toEqual([undefined, 0]);
  });
});
