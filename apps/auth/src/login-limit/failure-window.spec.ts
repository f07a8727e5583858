import { describe, expect, it } from 'vitest';
import { MemoryFailureWindow } from './failure-window.js';

const WINDOW_MS = 1000;

function windowAt(start = 10_000): { window: MemoryFailureWindow; advance(ms: number): void } {
  let now = start;
  return { window: new MemoryFailureWindow(() => now), advance: (ms) => (now += ms) };
}

describe(MemoryFailureWindow.name, () => {
  it('gives out `limit` slots, then the time until the oldest ages out', async () => {
    const { window, advance } = windowAt();
    expect(await window.reserve('a', '1', 2, WINDOW_MS)).toBe(0);
    advance(300);
    expect(await window.reserve('a', '2', 2, WINDOW_MS)).toBe(0);
    expect(await window.reserve('a', '3', 2, WINDOW_MS)).toBe(700);
    advance(700);
    expect(await window.reserve('a', '3', 2, WINDOW_MS)).toBe(0);
    expect(await window.reserve('a', '4', 2, WINDOW_MS)).toBe(300);
  });

  it('keeps accounts apart', async () => {
    const { window } = windowAt();
    expect(await window.reserve('a', '1', 1, WINDOW_MS)).toBe(0);
    expect(await window.reserve('a', '2', 1, WINDOW_MS)).toBeGreaterThan(0);
    expect(await window.reserve('b', '3', 1, WINDOW_MS)).toBe(0);
  });

  it('frees a released slot and forgets a cleared account', async () => {
    const { window } = windowAt();
    await window.reserve('a', '1', 1, WINDOW_MS);
    await window.release('a', '1');
    expect(await window.reserve('a', '2', 1, WINDOW_MS)).toBe(0);
    await window.clear('a');
    expect(await window.reserve('a', '3', 1, WINDOW_MS)).toBe(0);
  });

  it('drops accounts whose failures aged out once it holds many, so sprayed emails do not pile up', async () => {
    const { window, advance } = windowAt();
    for (let i = 0; i <= 10_000; i++) await window.reserve(`spray-${i}`, 'x', 1, WINDOW_MS);
    expect(window.size).toBe(10_001);
    advance(WINDOW_MS);
    await window.reserve('fresh', 'y', 1, WINDOW_MS);
    expect(window.size).toBe(1);
  });
});
