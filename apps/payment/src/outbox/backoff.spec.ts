import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

describe('backoffDelayMs', () => {
  it('doubles from the base delay and stays at the cap', () => {
    const schedule = [1, 2, 3, 4, 5, 6, 7, 50].map((attempts) => backoffDelayMs(attempts, 250, 5000));
    expect(schedule).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('never overflows for very many attempts, so an event is retried forever', () => {
    expect(backoffDelayMs(10_000, 250, 5000)).toBe(5000);
  });

  it('treats zero attempts as the first', () => {
    expect(backoffDelayMs(0, 250, 5000)).toBe(250);
  });
});
