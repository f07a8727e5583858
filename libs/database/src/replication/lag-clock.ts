import type { Lsn } from './lsn.js';

interface Sample {
  lsn: Lsn;
  at: number;
}

/**
 * Turns "replica replayed up to LSN x" into seconds of lag: how long ago the primary was first past
 * x. Byte lag alone cannot tell a busy, current replica from a stuck one; time since the primary
 * first wrote what the replica still lacks can.
 */
export class LagClock {
  private readonly samples: Sample[] = [];

  constructor(private readonly horizonMs: number) {}

  recordPrimary(lsn: Lsn, at = Date.now()): void {
    const last = this.samples.at(-1);
    if (!last || lsn > last.lsn) this.samples.push({ lsn, at });
    while (this.samples.length > 1 && this.samples[0]!.at < at - this.horizonMs) this.samples.shift();
  }

  /**
   * Milliseconds the replica is behind, 0 when it has replayed everything the primary had, and
   * infinite when it lacks even the oldest position seen: how far behind it is cannot be told.
   */
  lagMs(replayed: Lsn, now = Date.now()): number {
    const oldest = this.samples[0];
    if (oldest && replayed < oldest.lsn) return Number.POSITIVE_INFINITY;
    const firstMissing = this.samples.find((sample) => sample.lsn > replayed);
    return firstMissing ? now - firstMissing.at : 0;
  }

  get latest(): Lsn | undefined {
    return this.samples.at(-1)?.lsn;
  }
}
