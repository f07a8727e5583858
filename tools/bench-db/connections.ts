import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { withPgClient } from '@azora/database';

const OPEN_ATTEMPTS = 15;
const RETRY_MS = 1_000;

/**
 * A client whose connection-level errors are absorbed: other test runs on the same topology stop
 * and restart replicas, and an idle client's 'error' event must not end the benchmark. The next
 * query on a broken client rejects, and the caller counts it and reconnects.
 * node-postgres sends unnamed statements unless a query is given a `name`; none is.
 */
export function benchClient(url: string, applicationName: string, extra: pg.ClientConfig = {}): pg.Client {
  const client = new pg.Client({ connectionString: url, application_name: applicationName, ...extra });
  client.on('error', () => undefined);
  return client;
}

/** `count` connections to one URL, each reopened on demand after a failure. */
export class Connections {
  private clients: pg.Client[] = [];

  constructor(
    private readonly url: string,
    private readonly count: number,
    private readonly applicationName = 'azora-bench-db',
  ) {}

  get size(): number {
    return this.clients.length;
  }

  client(index: number): pg.Client {
    return this.clients[index]!;
  }

  /** All at once; retried for a while, so that a replica another test has just stopped can come back. */
  async open(): Promise<this> {
    for (let attempt = 1; ; attempt += 1) {
      const clients = Array.from({ length: this.count }, () => this.newClient());
      const results = await Promise.allSettled(clients.map((client) => client.connect()));
      const failed = results.find((result) => result.status === 'rejected');
      if (!failed) {
        this.clients = clients;
        return this;
      }
      await Promise.allSettled(clients.map((client) => client.end()));
      if (attempt >= OPEN_ATTEMPTS) throw (failed as PromiseRejectedResult).reason;
      await sleep(RETRY_MS);
    }
  }

  /** Replaces one client after an error; a failed reconnect leaves it broken, to be retried after the next error. */
  async reopen(index: number): Promise<void> {
    void this.clients[index]!.end().catch(() => undefined);
    const fresh = this.newClient();
    try {
      await fresh.connect();
      this.clients[index] = fresh;
    } catch {
      await sleep(100);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.clients.map((client) => client.end()));
    this.clients = [];
  }

  private newClient(): pg.Client {
    return benchClient(this.url, this.applicationName, { query_timeout: 60_000 });
  }
}

/**
 * When the server at `url` (a direct superuser URL) last started; waits up to `waitMs` for one that
 * is down, then answers 'down'. A change across a window means another run restarted it meanwhile.
 */
export async function serverStartedAt(url: string, waitMs = 20_000): Promise<string> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await withPgClient(url, async (client) => {
        return (await client.query<{ t: string }>('SELECT pg_postmaster_start_time()::text AS t')).rows[0]!.t;
      });
    } catch {
      if (Date.now() > deadline) return 'down';
      await sleep(500);
    }
  }
}
