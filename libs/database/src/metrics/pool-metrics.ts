import { Gauge, register } from 'prom-client';
import type { Pool } from 'pg';
import type { ReplicaMonitor } from '../replication/replica-monitor.js';

export interface PoolSource {
  primary: Pool;
  replicas: readonly Pool[];
  monitor?: ReplicaMonitor;
}

function gauge(name: string, help: string, labelNames: string[], collect: (g: Gauge<string>) => void): void {
  register.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames,
    collect(this: Gauge<string>) {
      collect(this);
    },
  });
}

/** Pool and replication gauges, read from the live pools at scrape time. */
export function registerDatabaseGauges(service: string, source: PoolSource): void {
  gauge('db_pool_connections', 'Client pool connections by state', ['service', 'target', 'state'], (g) => {
    const pools = [
      ['primary', source.primary] as const,
      ...source.replicas.map((pool, i) => [`replica-${i + 1}`, pool] as const),
    ];
    for (const [target, pool] of pools) {
      g.set({ service, target, state: 'in_use' }, pool.totalCount - pool.idleCount);
      g.set({ service, target, state: 'idle' }, pool.idleCount);
      g.set({ service, target, state: 'waiting' }, pool.waitingCount);
    }
  });
  gauge(
    'db_replica_lag_seconds',
    'Replication lag per replica, in seconds (+Inf when unreachable)',
    ['service', 'replica'],
    (g) => {
      for (const state of source.monitor?.snapshot ?? []) g.set({ service, replica: state.name }, state.lagMs / 1000);
    },
  );
  gauge('db_replica_in_rotation', '1 when the replica serves reads, 0 when it was taken out', ['service', 'replica'], (g) => {
    for (const state of source.monitor?.snapshot ?? []) g.set({ service, replica: state.name }, state.inRotation ? 1 : 0);
  });
}
