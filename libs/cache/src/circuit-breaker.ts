export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Opens after `failures` consecutive failed or slow cache operations; while open every request
 * skips the cache. After `cooldownMs` one probe is let through (half-open): its success closes the
 * circuit, its failure opens it again. So the cache comes back by itself once Redis does.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probing = false;
  private current: CircuitState = 'closed';
  private readonly listeners: ((state: CircuitState) => void)[] = [];

  constructor(
    private readonly failures: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  onChange(listener: (state: CircuitState) => void): void {
    this.listeners.push(listener);
  }

  /** Whether a cache operation may be tried now; in half-open, only the one probe may. */
  allows(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open' && this.now() - this.openedAt >= this.cooldownMs) this.transition('half-open');
    if (this.current === 'half-open' && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.probing = false;
    if (this.current !== 'closed') this.transition('closed');
  }

  failed(): void {
    this.consecutiveFailures++;
    this.probing = false;
    if (this.current === 'half-open' || this.consecutiveFailures >= this.failures) {
      this.openedAt = this.now();
      if (this.current !== 'open') this.transition('open');
    }
  }

  private transition(state: CircuitState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
