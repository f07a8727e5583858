import { withPgClient } from '@azora/database';
import { BOUNCERS, HOST, PRIMARY, REPLICAS, type ReplicaIndex, type ServerNode } from './layout.js';
import { bouncerPid } from './pgbouncer.js';
import { directUrl, isInitialised, serverPid } from './postgres.js';
import { portOpen } from './processes.js';
import { replicaProgress } from './replication.js';

export interface ComponentState {
  name: string;
  port: number;
  /** Set while the process named in the component's pid file is alive. */
  pid?: number;
  listening: boolean;
  detail?: string;
}

async function serverState(node: ServerNode): Promise<ComponentState> {
  const state = { name: node.name, port: node.port, pid: serverPid(node), listening: await portOpen(node.port) };
  return isInitialised(node) ? state : { ...state, detail: 'not initialised' };
}

async function slotActive(slot: string): Promise<boolean> {
  return withPgClient(directUrl(PRIMARY), async (client) => {
    const { rows } = await client.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [
      slot,
    ]);
    return rows[0]?.active ?? false;
  });
}

async function replicaDetail(index: ReplicaIndex): Promise<string> {
  try {
    const [progress, streaming] = await Promise.all([replicaProgress(index), slotActive(REPLICAS[index]!.slot!)]);
    const paused = progress.replayPaused ? ', replay PAUSED' : '';
    const slot = `slot ${REPLICAS[index]!.slot} ${streaming ? 'active' : 'INACTIVE'}`;
    return `replay LSN ${progress.replayLsn}, lag ${progress.lagBytes} bytes${paused}, ${slot}`;
  } catch (error) {
    return `replay position unknown (${(error as Error).message})`;
  }
}

export async function componentStates(): Promise<ComponentState[]> {
  const servers = await Promise.all([PRIMARY, ...REPLICAS].map(serverState));
  const primaryUp = servers[0]!.listening;
  for (const index of [0, 1] as const) {
    const replica = servers[index + 1]!;
    if (primaryUp && replica.listening) replica.detail = await replicaDetail(index);
  }
  const bouncers = await Promise.all(
    BOUNCERS.map(async (bouncer) => ({
      name: bouncer.name,
      port: bouncer.port,
      pid: bouncerPid(bouncer),
      listening: await portOpen(bouncer.port),
      detail: `-> ${bouncer.target.name} (${HOST}:${bouncer.target.port}), transaction pooling`,
    })),
  );
  return [...servers, ...bouncers];
}

export function describe(state: ComponentState): string {
  const running = state.pid !== undefined && state.listening;
  const word = running ? `running (pid ${state.pid})` : state.pid !== undefined ? `starting (pid ${state.pid})` : 'stopped';
  const foreign = !state.pid && state.listening ? ' — port taken by a process that is not ours' : '';
  const detail = state.detail ? ` — ${state.detail}` : '';
  return `${state.name.padEnd(18)} ${HOST}:${state.port}  ${word}${foreign}${detail}`;
}
