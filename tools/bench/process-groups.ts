import { BOUNCERS, PRIMARY, REPLICAS } from '../db-topology/layout.js';
import { bouncerPid } from '../db-topology/pgbouncer.js';
import { serverPid } from '../db-topology/postgres.js';
import type { ProcessGroup } from './proc-sampler.js';
import type { RunningStack } from './stack.js';

const defined = (pids: (number | undefined)[]): number[] => pids.filter((pid): pid is number => pid !== undefined);

/**
 * Every process the load runs through: the gateway and services, Redis and NATS (the stack's own),
 * PostgreSQL (postmaster and backends; the topology is shared, so other databases' work shows too),
 * PgBouncer, and this process, the load generator.
 */
export function processGroups(stack: RunningStack): Record<string, ProcessGroup> {
  const groups: Record<string, ProcessGroup> = {};
  for (const [name, pid] of Object.entries(stack.pids))
    if (pid !== undefined) groups[name] = { pids: [pid], withChildren: false };
  groups['postgres primary'] = { pids: defined([serverPid(PRIMARY)]), withChildren: true };
  groups['postgres replicas'] = { pids: defined(REPLICAS.map(serverPid)), withChildren: true };
  groups.pgbouncer = { pids: defined(BOUNCERS.map(bouncerPid)), withChildren: false };
  groups['load generator'] = { pids: [process.pid], withChildren: false };
  return groups;
}
