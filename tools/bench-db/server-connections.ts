import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { benchClient } from './connections.js';
import { withPgClient } from '@azora/database';

/** One row of PgBouncer's SHOW POOLS, with the server connections added up. */
export interface PoolRow {
  database: string;
  user: string;
  clActive: number;
  clWaiting: number;
  serverConnections: number;
  maxWaitSeconds: number;
}

type Row = Record<string, string | number | null>;
const int = (value: string | number | null | undefined): number => Number(value ?? 0);

/** Clients PgBouncer holds besides this admin connection (SHOW LISTS' used_clients). */
export async function bouncerUsedClients(adminUrl: string): Promise<number> {
  return withPgClient(adminUrl, async (client) => {
    const { rows } = await client.query<Row>('SHOW LISTS');
    const used = rows.find((row) => row.list === 'used_clients');
    return Math.max(0, int(used?.items) - 1);
  });
}

/** The pool of one database and user, as SHOW POOLS reports it (servers are kept after their clients leave). */
export async function bouncerPool(adminUrl: string, database: string, user: string): Promise<PoolRow | undefined> {
  return withPgClient(adminUrl, async (client) => {
    const { rows } = await client.query<Row>('SHOW POOLS');
    const row = rows.find((candidate) => candidate.database === database && candidate.user === user);
    if (!row) return undefined;
    const servers = ['sv_active', 'sv_idle', 'sv_used', 'sv_tested', 'sv_login'].reduce((sum, key) => sum + int(row[key]), 0);
    return {
      database,
      user,
      clActive: int(row.cl_active),
      clWaiting: int(row.cl_waiting),
      serverConnections: servers,
      maxWaitSeconds: int(row.maxwait),
    };
  });
}

const SAMPLE_EVERY_MS = 20;
const SQL = `SELECT datname || '/' || usename AS key, count(*)::int AS n FROM pg_stat_activity
              WHERE backend_type = 'client backend' AND datname = $1 GROUP BY datname, usename`;

/**
 * Polls pg_stat_activity on the server (a direct connection to its `postgres` database, which is
 * no PgBouncer client and not counted) and keeps the most backends seen per database/user.
 */
export class ServerConnectionSampler {
  private readonly client: pg.Client;
  private readonly max = new Map<string, number>();
  private samples = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(url: string) {
    this.client = benchClient(url, 'azora-bench-db-sampler');
  }

  async start(database: string): Promise<void> {
    await this.client.connect();
    this.running = true;
    // Caught here, so that a failed poll is no unhandled rejection before stop() awaits the loop.
    this.loop = this.poll(database).catch((error: unknown) => void (this.failure = error));
  }

  async stop(): Promise<{ max: Map<string, number>; samples: number }> {
    this.running = false;
    await this.loop;
    await this.client.end();
    if (this.failure) throw this.failure;
    return { max: this.max, samples: this.samples };
  }

  private async poll(database: string): Promise<void> {
    while (this.running) {
      const { rows } = await this.client.query<{ key: string; n: number }>(SQL, [database]);
      this.samples += 1;
      for (const row of rows) this.max.set(row.key, Math.max(this.max.get(row.key) ?? 0, row.n));
      await sleep(SAMPLE_EVERY_MS);
    }
  }
}
