import { topologyDown, topologyUp } from '../../tools/db-topology/topology.js';

/**
 * Integration specs run against the replica topology (primary, two replicas, PgBouncer). It is
 * brought up once per run. CI stops what it started; on a laptop it stays up for the next run
 * (`npm run db:down` stops it), since other runs may be using it.
 */
export default async function topologySetup(): Promise<() => Promise<void>> {
  const { startedByUs } = await topologyUp((line) => console.log(line));
  return async () => {
    if (startedByUs && process.env.CI) await topologyDown((line) => console.log(line));
  };
}
