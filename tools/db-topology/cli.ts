import { TOPOLOGY_DIR } from './layout.js';
import { componentStates, describe } from './status.js';
import { topologyDown, topologyUp } from './topology.js';

const log = (line: string): void => console.log(line);

async function up(): Promise<void> {
  const started = Date.now();
  const { info } = await topologyUp(log);
  log(`[db] ready in ${((Date.now() - started) / 1000).toFixed(1)} s (data and logs in ${TOPOLOGY_DIR})`);
  log(`[db]   primary  ${info.primaryAdminUrl}`);
  info.replicaAdminUrls.forEach((url, i) => log(`[db]   replica-${i + 1} ${url}`));
  const bouncers = [info.bouncerPrimaryHost, ...info.bouncerReplicaHosts].map((h) => `${h.host}:${h.port}`);
  log(`[db]   pgbouncer (primary, replica-1, replica-2): ${bouncers.join(', ')}`);
}

async function status(): Promise<void> {
  for (const state of await componentStates()) log(describe(state));
}

const commands: Record<string, () => Promise<void>> = { up, down: () => topologyDown(log), status };
const command = commands[process.argv[2] ?? ''];
if (!command) {
  console.error('usage: node dist/tools/db-topology/cli.js up | down | status');
  process.exit(2);
}
command().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
