import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { SERVICE_SCHEMAS, developmentPassword, serviceRole, type SchemaOwner } from '@azora/database';
import {
  HOST,
  PGBOUNCER_BIN,
  RUN_DIR,
  SUPERUSER,
  SUPERUSER_PASSWORD,
  bouncerIni,
  bouncerLog,
  bouncerPidFile,
  userlistFile,
  type BouncerNode,
} from './layout.js';
import { chownToOwner, livePid, portOpen, runAsOwner, sleep, waitUntil, type Log } from './processes.js';

/** Plain-text passwords: PgBouncer needs them to run SCRAM with its clients (the servers trust it). */
export function passwordFor(user: string): string | undefined {
  if (user === SUPERUSER) return SUPERUSER_PASSWORD;
  const service = (Object.keys(SERVICE_SCHEMAS) as SchemaOwner[]).find((name) => serviceRole(name) === user);
  return service && developmentPassword(service);
}

const USERS = [SUPERUSER, ...(Object.keys(SERVICE_SCHEMAS) as SchemaOwner[]).map(serviceRole)];

function writeOwnedFile(path: string, content: string): void {
  writeFileSync(path, content);
  chmodSync(path, 0o600);
  chownToOwner(path);
}

function iniFor(bouncer: BouncerNode): string {
  return `[databases]
* = host=${HOST} port=${bouncer.target.port}

[pgbouncer]
listen_addr = ${HOST}
listen_port = ${bouncer.port}
; 300 clients connecting at once overflow the default backlog of 128 and wait a second for SYN retries.
listen_backlog = 1024
unix_socket_dir = ${RUN_DIR}
pidfile = ${bouncerPidFile(bouncer)}
logfile = ${bouncerLog(bouncer)}
auth_type = scram-sha-256
auth_file = ${userlistFile}
admin_users = ${SUPERUSER}
stats_users = ${SUPERUSER}
pool_mode = transaction
default_pool_size = 25
max_client_conn = 1000
max_db_connections = 0
ignore_startup_parameters = extra_float_digits,options
server_reset_query =
; A stopped server (a failure test) is retried every second, not every 15: clients wait that much less once it is back.
server_login_retry = 1
`;
}

export function writeBouncerFiles(bouncers: readonly BouncerNode[]): void {
  const users = USERS.map((user) => `"${user}" "${passwordFor(user)}"`);
  writeOwnedFile(userlistFile, `${users.join('\n')}\n`);
  for (const bouncer of bouncers) writeOwnedFile(bouncerIni(bouncer), iniFor(bouncer));
}

export const bouncerPid = (bouncer: BouncerNode): number | undefined => livePid(bouncerPidFile(bouncer), 'pgbouncer');

export async function bouncerRunning(bouncer: BouncerNode): Promise<boolean> {
  return bouncerPid(bouncer) !== undefined && (await portOpen(bouncer.port));
}

export async function startBouncer(bouncer: BouncerNode, log: Log): Promise<void> {
  if (bouncerPid(bouncer) === undefined) {
    if (await portOpen(bouncer.port)) throw new Error(`db-topology: port ${bouncer.port} is taken by another process`);
    rmSync(bouncerPidFile(bouncer), { force: true });
    await runAsOwner(PGBOUNCER_BIN, ['-d', bouncerIni(bouncer)]);
  }
  await waitUntil(`${bouncer.name} on port ${bouncer.port}`, () => portOpen(bouncer.port), 10_000);
  log(`[db] ${bouncer.name} up on ${HOST}:${bouncer.port} -> ${bouncer.target.name} (${HOST}:${bouncer.target.port})`);
}

export async function stopBouncer(bouncer: BouncerNode, log: Log): Promise<void> {
  const pid = bouncerPid(bouncer);
  if (pid === undefined) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (bouncerPid(bouncer) !== undefined && Date.now() < deadline) await sleep(50);
  if (bouncerPid(bouncer) !== undefined) throw new Error(`db-topology: ${bouncer.name} (pid ${pid}) ignored SIGTERM`);
  log(`[db] ${bouncer.name} stopped (pid ${pid})`);
}
