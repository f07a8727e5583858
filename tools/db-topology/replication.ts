import { withPgClient } from '@azora/database';
import { PRIMARY, REPLICAS, type ReplicaIndex } from './layout.js';
import { directUrl } from './postgres.js';
import { sleep } from './processes.js';

/** `16/B374D848` → a byte position, so LSNs compare and subtract in JavaScript. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

const scalar = (url: string, sql: string): Promise<string | null> =>
  withPgClient(url, async (client) => (await client.query<{ v: string | null }>(`SELECT ${sql} AS v`)).rows[0]!.v);

export const primaryLsn = async (): Promise<bigint> => parseLsn((await scalar(directUrl(PRIMARY), 'pg_current_wal_lsn()'))!);

export async function replayLsn(index: ReplicaIndex): Promise<bigint> {
  const lsn = await scalar(directUrl(REPLICAS[index]!), 'pg_last_wal_replay_lsn()');
  if (lsn === null) throw new Error(`${REPLICAS[index]!.name} is not a standby: it has no replay position`);
  return parseLsn(lsn);
}

export interface ReplicaProgress {
  replayLsn: string;
  lagBytes: number;
  replayPaused: boolean;
}

export async function replicaProgress(index: ReplicaIndex): Promise<ReplicaProgress> {
  const [target, row] = await Promise.all([
    primaryLsn(),
    withPgClient(directUrl(REPLICAS[index]!), async (client) => {
      const sql = 'SELECT pg_last_wal_replay_lsn() AS lsn, pg_get_wal_replay_pause_state() <> $1 AS paused';
      return (await client.query<{ lsn: string; paused: boolean }>(sql, ['not paused'])).rows[0]!;
    }),
  ]);
  const lag = target - parseLsn(row.lsn);
  return { replayLsn: row.lsn, lagBytes: Number(lag > 0n ? lag : 0n), replayPaused: row.paused };
}

/** Waits until the replica has replayed everything the primary had written when this was called. */
export async function waitForReplicaToCatchUp(index: ReplicaIndex, timeoutMs = 15_000): Promise<void> {
  const target = await primaryLsn();
  const deadline = Date.now() + timeoutMs;
  while ((await replayLsn(index)) < target) {
    if (Date.now() > deadline) {
      throw new Error(`${REPLICAS[index]!.name} did not replay up to the primary's LSN within ${timeoutMs} ms`);
    }
    await sleep(20);
  }
}

/** Both replicas; e.g. after creating a database on the primary and before reading it on a replica. */
export async function waitForReplication(timeoutMs?: number): Promise<void> {
  await Promise.all(REPLICAS.map((_, index) => waitForReplicaToCatchUp(index as ReplicaIndex, timeoutMs)));
}

export async function setReplayPaused(index: ReplicaIndex, paused: boolean): Promise<void> {
  await scalar(directUrl(REPLICAS[index]!), paused ? 'pg_wal_replay_pause()' : 'pg_wal_replay_resume()');
}
