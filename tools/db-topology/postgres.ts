import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withPgClient } from '@azora/database';
import { HOST, PG_BIN, PRIMARY, RUN_DIR, SUPERUSER, dataDir, serverLog, type ServerNode } from './layout.js';
import { chownToOwner, livePid, portOpen, runAsOwner, waitUntil, type Log } from './processes.js';

const pgBin = (tool: string): string => join(PG_BIN, tool);
export const directUrl = (node: ServerNode, database = 'postgres'): string =>
  `postgres://${SUPERUSER}@${HOST}:${node.port}/${database}`;

function settings(node: ServerNode): Record<string, string | number> {
  const common = {
    listen_addresses: `'${HOST}'`,
    port: node.port,
    unix_socket_directories: `'${RUN_DIR}'`,
    max_connections: 300,
    shared_buffers: `'256MB'`,
    wal_level: 'replica',
    max_wal_senders: 10,
    max_replication_slots: 10,
    // A replica stopped for days must not fill the disk with WAL held for its slot.
    max_slot_wal_keep_size: `'2GB'`,
    hot_standby: 'on',
    track_io_timing: 'on',
    log_min_duration_statement: 50,
    log_line_prefix: `'%m [%p] %q%u@%d '`,
    cluster_name: `'${node.name}'`,
  };
  return node.slot ? { ...common, hot_standby_feedback: 'on' } : common;
}

/** Each node's own settings live in topology.conf, rewritten before every start; postgresql.conf only includes it. */
function writeNodeConfig(node: ServerNode): void {
  const file = join(dataDir(node), 'topology.conf');
  const lines = Object.entries(settings(node)).map(([key, value]) => `${key} = ${value}`);
  writeFileSync(file, `# written by tools/db-topology: edits are lost on the next start\n${lines.join('\n')}\n`);
  chownToOwner(file);
  const main = join(dataDir(node), 'postgresql.conf');
  if (!readFileSync(main, 'utf8').includes("include_if_exists = 'topology.conf'")) {
    appendFileSync(main, "\ninclude_if_exists = 'topology.conf'\n");
  }
}

export const isInitialised = (node: ServerNode): boolean => existsSync(join(dataDir(node), 'PG_VERSION'));

export async function initPrimary(log: Log): Promise<void> {
  rmSync(dataDir(PRIMARY), { recursive: true, force: true });
  await runAsOwner(pgBin('initdb'), [
    ...['-D', dataDir(PRIMARY), '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C'],
    // Throwaway local data: skipping initdb's fsyncs saves seconds on every cold start.
    '--no-sync',
  ]);
  log(`[db] primary initialised in ${dataDir(PRIMARY)}`);
}

export async function ensureSlot(slot: string): Promise<void> {
  await withPgClient(directUrl(PRIMARY), async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot]);
    if (!rowCount) await client.query('SELECT pg_create_physical_replication_slot($1)', [slot]);
  });
}

export async function cloneReplica(replica: ServerNode, log: Log): Promise<void> {
  rmSync(dataDir(replica), { recursive: true, force: true });
  await ensureSlot(replica.slot!);
  await runAsOwner(pgBin('pg_basebackup'), [
    ...['-h', HOST, '-p', String(PRIMARY.port), '-U', SUPERUSER, '-D', dataDir(replica)],
    ...['-R', '-X', 'stream', '-S', replica.slot!, '--checkpoint=fast', '--no-sync'],
  ]);
  log(`[db] ${replica.name} cloned from the primary (slot ${replica.slot})`);
}

export const serverPid = (node: ServerNode): number | undefined => livePid(join(dataDir(node), 'postmaster.pid'), 'postgres');

export async function serverRunning(node: ServerNode): Promise<boolean> {
  return serverPid(node) !== undefined && (await portOpen(node.port));
}

export async function startServer(node: ServerNode, log: Log): Promise<void> {
  if (serverPid(node) === undefined && (await portOpen(node.port))) {
    throw new Error(`db-topology: port ${node.port} is taken by a process that is not the topology's ${node.name}`);
  }
  writeNodeConfig(node);
  await runAsOwner(pgBin('pg_ctl'), ['start', '-D', dataDir(node), '-l', serverLog(node), '-w', '-t', '60']);
  await waitUntil(`${node.name} on port ${node.port}`, () => portOpen(node.port));
  log(`[db] ${node.name} up on ${HOST}:${node.port}`);
}

export async function stopServer(node: ServerNode, log: Log): Promise<void> {
  if (serverPid(node) === undefined) return;
  await runAsOwner(pgBin('pg_ctl'), ['stop', '-D', dataDir(node), '-m', 'fast', '-w', '-t', '60']);
  log(`[db] ${node.name} stopped`);
}
