import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('opens after consecutive failures, half-opens with one probe after the cooldown, and closes on its success', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 1000, () => now);
    breaker.failed();
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();
    expect(breaker.state).toBe('closed');
    breaker.failed();
    expect(breaker.state).toBe('open');
    expect(breaker.allows()).toBe(false);

    now = 1000;
    expect(breaker.allows()).toBe(true);
    expect(breaker.state).toBe('half-open');
    expect(breaker.allows()).toBe(false); // one probe at a time
    breaker.failed();
    expect(breaker.state).toBe('open');
    expect(breaker.allows()).toBe(false);

    now = 2000;
    expect(breaker.allows()).toBe(true);
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
    expect(breaker.allows()).toBe(true);
  });
});
