import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createDatabaseIfMissing,
  provisionServiceSchemas,
  developmentPassword,
  withDatabase,
  withPgClient,
} from '@azora/database';
import {
  APP_DATABASE,
  BOUNCERS,
  BOUNCER_DIR,
  HOST,
  LOG_DIR,
  PRIMARY,
  REPLICAS,
  RUN_DIR,
  SUPERUSER,
  SUPERUSER_PASSWORD,
  TOPOLOGY_DIR,
  TOPOLOGY_PORTS,
  dataDir,
  nodeByName,
  type NodeName,
  type ReplicaIndex,
  type ServerNode,
} from './layout.js';
import { withTopologyLock } from './lock.js';
import { bouncerRunning, passwordFor, startBouncer, stopBouncer, writeBouncerFiles } from './pgbouncer.js';
import { cloneReplica, directUrl, initPrimary, isInitialised, serverPid, startServer, stopServer } from './postgres.js';
import { ensureOwnedDir, portOpen, waitUntil, type Log } from './processes.js';
import { replicaProgress, waitForReplication } from './replication.js';

export { TOPOLOGY_PORTS, APP_DATABASE, SUPERUSER, SUPERUSER_PASSWORD, type ReplicaIndex } from './layout.js';
export { replicaProgress, setReplayPaused, waitForReplicaToCatchUp, waitForReplication } from './replication.js';

export interface HostPort {
  host: string;
  port: number;
}

export interface TopologyInfo {
  /** Direct to the primary, as the superuser, database `postgres`. */
  primaryAdminUrl: string;
  replicaAdminUrls: string[];
  bouncerPrimaryHost: HostPort;
  bouncerReplicaHosts: HostPort[];
}

const quiet: Log = () => undefined;
const adminUrl = (node: ServerNode): string => urlVia(node.name, { bouncer: false, database: 'postgres', user: SUPERUSER });

export function topologyInfo(): TopologyInfo {
  return {
    primaryAdminUrl: adminUrl(PRIMARY),
    replicaAdminUrls: REPLICAS.map(adminUrl),
    bouncerPrimaryHost: { host: HOST, port: TOPOLOGY_PORTS.bouncerPrimary },
    bouncerReplicaHosts: TOPOLOGY_PORTS.bouncerReplicas.map((port) => ({ host: HOST, port })),
  };
}

/** The password defaults to the role's development password (the bouncers check it; the servers trust loopback). */
export function urlVia(target: NodeName, opts: { bouncer: boolean; database: string; user: string; password?: string }): string {
  const node = nodeByName(target);
  const url = new URL(`postgres://${HOST}:${opts.bouncer ? node.port + 1000 : node.port}/${opts.database}`);
  url.username = opts.user;
  url.password = opts.password ?? passwordFor(opts.user) ?? '';
  return url.toString();
}

/** Starts the server unless it runs already; true when this call started it. */
async function ensureServer(node: ServerNode, log: Log): Promise<boolean> {
  if (serverPid(node) !== undefined) {
    await waitUntil(`${node.name} on port ${node.port}`, () => portOpen(node.port));
    return false;
  }
  await startServer(node, log);
  return true;
}

async function ensurePrimary(log: Log): Promise<boolean> {
  if (isInitialised(PRIMARY)) return ensureServer(PRIMARY, log);
  // Replicas of an earlier primary cannot follow a new one.
  for (const replica of REPLICAS) rmSync(dataDir(replica), { recursive: true, force: true });
  await initPrimary(log);
  await startServer(PRIMARY, log);
  await withPgClient(directUrl(PRIMARY), (client) => client.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${SUPERUSER_PASSWORD}'`));
  return true;
}

async function ensureReplica(index: ReplicaIndex, log: Log): Promise<boolean> {
  const replica = REPLICAS[index]!;
  const cloned = !isInitialised(replica);
  if (cloned) await cloneReplica(replica, log);
  const started = await ensureServer(replica, log);
  // Left paused on purpose: a spec in another worker may be testing stale reads right now.
  if (!started && (await replicaProgress(index)).replayPaused) {
    log(`[db] ${replica.name}: replay is paused (resume with SELECT pg_wal_replay_resume() on port ${replica.port})`);
  }
  return cloned || started;
}

async function ensureBouncers(log: Log): Promise<boolean> {
  const stopped = [];
  for (const bouncer of BOUNCERS) if (!(await bouncerRunning(bouncer))) stopped.push(bouncer);
  if (stopped.length === 0) return false;
  writeBouncerFiles(stopped);
  await Promise.all(stopped.map((bouncer) => startBouncer(bouncer, log)));
  return true;
}

async function provision(always: boolean, log: Log): Promise<void> {
  const exists = await withPgClient(directUrl(PRIMARY), async (client) => {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [APP_DATABASE])).rowCount === 1;
  });
  if (exists && !always) return;
  await createDatabaseIfMissing(directUrl(PRIMARY), APP_DATABASE);
  await provisionServiceSchemas(withDatabase(directUrl(PRIMARY), APP_DATABASE), developmentPassword);
  await waitForReplication();
  log(`[db] database ${APP_DATABASE} provisioned (roles and schemas) and replicated`);
}

function ensureFolders(): void {
  mkdirSync(dirname(TOPOLOGY_DIR), { recursive: true });
  for (const dir of [TOPOLOGY_DIR, RUN_DIR, LOG_DIR, BOUNCER_DIR]) ensureOwnedDir(dir);
}

/** Idempotent: initialises what is missing, starts what is stopped, leaves running processes alone. */
export async function topologyUp(log: Log = quiet): Promise<{ info: TopologyInfo; startedByUs: boolean }> {
  return withTopologyLock(async () => {
    ensureFolders();
    const primaryStarted = await ensurePrimary(log);
    const replicasStarted = await Promise.all([ensureReplica(0, log), ensureReplica(1, log)]);
    const bouncersStarted = await ensureBouncers(log);
    const startedByUs = primaryStarted || replicasStarted.includes(true) || bouncersStarted;
    await provision(startedByUs, log);
    log(startedByUs ? '[db] topology up' : '[db] topology was already up: nothing to do');
    return { info: topologyInfo(), startedByUs };
  });
}

/** Stops every process of the topology, by the PIDs in its pid files; the data stays for the next `up`. */
export async function topologyDown(log: Log = quiet): Promise<void> {
  await withTopologyLock(async () => {
    await Promise.all(BOUNCERS.map((bouncer) => stopBouncer(bouncer, log)));
    // The primary first, so that the replicas receive its shutdown checkpoint.
    await stopServer(PRIMARY, log);
    await Promise.all(REPLICAS.map((replica) => stopServer(replica, log)));
    log('[db] topology down');
  });
}

export const stopReplica = (index: ReplicaIndex): Promise<void> => stopServer(REPLICAS[index]!, quiet);
export const startReplica = async (index: ReplicaIndex): Promise<void> => void (await ensureServer(REPLICAS[index]!, quiet));
