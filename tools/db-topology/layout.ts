import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOST = '127.0.0.1';
export const SUPERUSER = 'postgres';
export const SUPERUSER_PASSWORD = 'postgres-local-pw';
export const APP_DATABASE = 'azora';
export const PG_BIN = process.env.AZORA_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const PGBOUNCER_BIN = process.env.AZORA_PGBOUNCER_BIN ?? '/usr/sbin/pgbouncer';

export const TOPOLOGY_PORTS = {
  primary: 55432,
  replicas: [55433, 55434],
  bouncerPrimary: 56432,
  bouncerReplicas: [56433, 56434],
} as const;

export type ReplicaIndex = 0 | 1;
export type NodeName = 'primary' | 'replica-1' | 'replica-2';

export interface ServerNode {
  name: NodeName;
  port: number;
  /** The physical slot the replica streams from; none for the primary. */
  slot?: string;
}

export interface BouncerNode {
  name: `bouncer-${NodeName}`;
  port: number;
  target: ServerNode;
}

export const PRIMARY: ServerNode = { name: 'primary', port: TOPOLOGY_PORTS.primary };
export const REPLICAS: readonly [ServerNode, ServerNode] = [
  { name: 'replica-1', port: TOPOLOGY_PORTS.replicas[0], slot: 'replica_1' },
  { name: 'replica-2', port: TOPOLOGY_PORTS.replicas[1], slot: 'replica_2' },
];
export const SERVERS: readonly ServerNode[] = [PRIMARY, ...REPLICAS];
export const BOUNCERS: readonly BouncerNode[] = SERVERS.map((target) => ({
  name: `bouncer-${target.name}` as const,
  port: target.port + 1000,
  target,
}));

export const nodeByName = (name: NodeName): ServerNode => SERVERS.find((node) => node.name === name)!;

// The same module runs from tools/ (tests, via vitest) and from dist/tools/ (the CLI): walk up to package.json.
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('db-topology: no package.json above this module');
    dir = parent;
  }
  return dir;
}

export const TOPOLOGY_DIR = join(repoRoot(), '.data', 'topology');
export const RUN_DIR = join(TOPOLOGY_DIR, 'run');
export const LOG_DIR = join(TOPOLOGY_DIR, 'logs');
export const BOUNCER_DIR = join(TOPOLOGY_DIR, 'pgbouncer');
export const LOCK_FILE = join(TOPOLOGY_DIR, 'topology.lock');

export const dataDir = (node: ServerNode): string => join(TOPOLOGY_DIR, node.name);
export const serverLog = (node: ServerNode): string => join(LOG_DIR, `${node.name}.log`);
export const bouncerIni = (bouncer: BouncerNode): string => join(BOUNCER_DIR, `${bouncer.name}.ini`);
export const bouncerPidFile = (bouncer: BouncerNode): string => join(RUN_DIR, `${bouncer.name}.pid`);
export const bouncerLog = (bouncer: BouncerNode): string => join(LOG_DIR, `${bouncer.name}.log`);
export const userlistFile = join(BOUNCER_DIR, 'userlist.txt');
