import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { ReplicationService } from '@azora/database';

@Injectable()
export class ReplicasHealthIndicator {
  constructor(
    private readonly replication: ReplicationService,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Replicas out of rotation make the service degraded, never unready: the primary serves their reads. */
  check(key = 'replicas'): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    const states = this.replication.monitor?.snapshot;
    if (!states) return indicator.up({ configured: 0 });
    const details = Object.fromEntries(
      states.map((s) => [s.name, { inRotation: s.inRotation, lagMs: Number.isFinite(s.lagMs) ? s.lagMs : null }]),
    );
    return states.every((s) => s.inRotation) ? indicator.up(details) : indicator.degraded(details);
  }
}
