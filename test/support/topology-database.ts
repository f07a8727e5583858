import type { SchemaOwner } from '@azora/database';
import { serviceRole } from '@azora/database';
import { topologyUp, urlVia, waitForReplication } from '../../tools/db-topology/topology.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TopologyDatabase extends TestDatabase {
  /** The service's environment for the topology: PgBouncer for queries, a direct URL for migrations. */
  envFor(service: SchemaOwner): Record<string, string>;
}

/** A fresh database on the replica topology's primary, replicated to both replicas before it is used. */
export async function createTopologyDatabase(label: string): Promise<TopologyDatabase> {
  const { info } = await topologyUp();
  const db = await createTestDatabase(label, info.primaryAdminUrl);
  await waitForReplication();
  const via = (target: 'primary' | 'replica-1' | 'replica-2', service: SchemaOwner, bouncer = true) =>
    urlVia(target, { bouncer, database: db.name, user: serviceRole(service) });
  return {
    ...db,
    envFor: (service) => ({
      DATABASE_URL: via('primary', service),
      DATABASE_REPLICA_URLS: [via('replica-1', service), via('replica-2', service)].join(','),
      DATABASE_MIGRATION_URL: via('primary', service, false),
    }),
  };
}
