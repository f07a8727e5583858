import { describe, expect, it } from 'vitest';
import { LagClock } from './lag-clock.js';
import { formatLsn, parseLsn } from './lsn.js';

describe(LagClock.name, () => {
  it('measures lag from when the primary first passed what the replica lacks', () => {
    const clock = new LagClock(60_000);
    clock.recordPrimary(100n, 1000);
    clock.recordPrimary(200n, 2000);
    clock.recordPrimary(300n, 3000);
    expect(clock.lagMs(300n, 3500)).toBe(0);
    expect(clock.lagMs(250n, 3500)).toBe(500);
    expect(clock.lagMs(150n, 3500)).toBe(1500);
  });

  it('calls a replica older than every sample infinitely behind, so a stale one never joins at boot', () => {
    const clock = new LagClock(60_000);
    clock.recordPrimary(1_000n, 0);
    expect(clock.lagMs(10n, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps a busy replica that is only just behind at near-zero lag', () => {
    const clock = new LagClock(60_000);
    for (let t = 0; t <= 10_000; t += 100) clock.recordPrimary(BigInt(t), t);
    expect(clock.lagMs(9_900n, 10_000)).toBe(0);
  });

  it('forgets samples past its horizon but keeps the newest', () => {
    const clock = new LagClock(1000);
    clock.recordPrimary(1n, 0);
    clock.recordPrimary(2n, 5000);
    expect(clock.lagMs(2n, 5000)).toBe(0);
    expect(clock.latest).toBe(2n);
  });
});

describe('lsn', () => {
  it('parses and formats PostgreSQL positions', () => {
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(formatLsn(parseLsn('0/3000060')!)).toBe('0/3000060');
    expect(parseLsn('nonsense')).toBeUndefined();
    expect(parseLsn(null)).toBeUndefined();
  });
});
