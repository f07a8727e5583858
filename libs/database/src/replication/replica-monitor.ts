import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { LagClock } from './lag-clock.js';
import { parseLsn, type Lsn } from './lsn.js';

export interface ReplicaState {
  name: string;
  reachable: boolean;
  replayed?: Lsn;
  lagMs: number;
  inRotation: boolean;
}

export interface ReplicaMonitorOptions {
  maxLagMs: number;
  pollIntervalMs: number;
  probeTimeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`probe timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * Polls the primary's WAL position and each replica's replay position. A replica that does not
 * answer, or lags beyond the bound, leaves the rotation; it rejoins on the first good poll.
 */
export class ReplicaMonitor {
  private readonly logger = new Logger('Replicas');
  private readonly clock: LagClock;
  private readonly states: ReplicaState[];
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private nextIndex = 0;

  constructor(
    private readonly primary: Pool,
    private readonly replicas: readonly Pool[],
    private readonly options: ReplicaMonitorOptions,
  ) {
    this.clock = new LagClock(Math.max(options.maxLagMs * 10, 60_000));
    this.states = replicas.map((_, i) => ({ name: `replica-${i + 1}`, reachable: false, lagMs: 0, inRotation: false }));
  }

  get snapshot(): readonly ReplicaState[] {
    return this.states;
  }

  start(): Promise<void> {
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
    this.timer.unref();
    return this.poll();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** A replica in rotation that has replayed `atLeast` (round-robin), or undefined for the primary. */
  pick(atLeast?: Lsn): number | undefined {
    for (let step = 0; step < this.states.length; step++) {
      const index = (this.nextIndex + step) % this.states.length;
      const state = this.states[index]!;
      if (!state.inRotation) continue;
      if (atLeast !== undefined && (state.replayed === undefined || state.replayed < atLeast)) continue;
      this.nextIndex = index + 1;
      return index;
    }
    return undefined;
  }

  /** A query on the replica failed at the connection level: out until the next good poll. */
  markFailed(index: number, error: unknown): void {
    const state = this.states[index];
    if (state?.inRotation) this.logger.warn(`${state.name} left the rotation: ${String(error)}`);
    if (state) Object.assign(state, { reachable: false, inRotation: false });
  }

  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const timeout = this.options.probeTimeoutMs ?? 1000;
    try {
      const { rows } = await withTimeout(
        this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'),
        timeout,
      );
      const lsn = parseLsn(rows[0]?.lsn);
      if (lsn !== undefined) this.clock.recordPrimary(lsn);
    } catch {
      // The primary's own health is readiness's concern; lag is measured against the last known position.
    }
    await Promise.all(this.replicas.map((pool, index) => this.probeReplica(pool, index, timeout)));
  }

  private async probeReplica(pool: Pool, index: number, timeout: number): Promise<void> {
    const state = this.states[index]!;
    const wasInRotation = state.inRotation;
    try {
      const sql = 'SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS lsn';
      const { rows } = await withTimeout(pool.query<{ recovery: boolean; lsn: string | null }>(sql), timeout);
      state.replayed = parseLsn(rows[0]?.lsn);
      state.reachable = rows[0]?.recovery === true && state.replayed !== undefined;
      state.lagMs = state.replayed === undefined ? Number.POSITIVE_INFINITY : this.clock.lagMs(state.replayed);
    } catch {
      Object.assign(state, { reachable: false, lagMs: Number.POSITIVE_INFINITY });
    }
    state.inRotation = state.reachable && state.lagMs <= this.options.maxLagMs;
    if (wasInRotation !== state.inRotation) {
      const why = state.reachable ? `lag ${state.lagMs} ms` : 'unreachable';
      if (state.inRotation) this.logger.log(`${state.name} joined the rotation`);
      else this.logger.warn(`${state.name} left the rotation (${why})`);
    }
  }
}
