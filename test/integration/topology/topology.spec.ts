import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { developmentPassword, serviceRole, withPgClient } from '@azora/database';
import { componentStates } from '../../../tools/db-topology/status.js';
import {
  TOPOLOGY_PORTS,
  topologyUp,
  urlVia,
  waitForReplication,
  type TopologyInfo,
} from '../../../tools/db-topology/topology.js';

const TARGETS = ['primary', 'replica-1', 'replica-2'] as const;
const SERVER_PORTS = [TOPOLOGY_PORTS.primary, ...TOPOLOGY_PORTS.replicas];
const COURSE_ROLE = serviceRole('course');

let info: TopologyInfo;

const rows = async <R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> =>
  withPgClient(url, async (client) => (await client.query<R>(sql, params)).rows);

const viaBouncer = (target: (typeof TARGETS)[number], database = 'azora', user = COURSE_ROLE, password?: string) =>
  urlVia(target, { bouncer: true, database, user, password });

const adminConsole = (target: (typeof TARGETS)[number]) => viaBouncer(target, 'pgbouncer', 'postgres');

interface Peaks {
  bouncerServers: number;
  waitingClients: number;
  backends: number;
}

/** Samples, until `work` settles, the primary bouncer's pool and the primary's backends for the course role. */
async function peaksWhile(work: Promise<unknown>): Promise<Peaks> {
  const bouncer = new pg.Client({ connectionString: adminConsole('primary') });
  const server = new pg.Client({ connectionString: info.primaryAdminUrl });
  await Promise.all([bouncer.connect(), server.connect()]);
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  const peaks = { bouncerServers: 0, waitingClients: 0, backends: 0 };
  try {
    while (!settled) {
      const pool = (await bouncer.query('SHOW POOLS')).rows.find((p) => p.database === 'azora' && p.user === COURSE_ROLE);
      const servers = ['sv_active', 'sv_idle', 'sv_used', 'sv_tested', 'sv_login'].reduce((n, k) => n + Number(pool[k]), 0);
      const activity = await server.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND datname = 'azora'`,
        [COURSE_ROLE],
      );
      peaks.bouncerServers = Math.max(peaks.bouncerServers, servers);
      peaks.waitingClients = Math.max(peaks.waitingClients, Number(pool.cl_waiting));
      peaks.backends = Math.max(peaks.backends, activity.rows[0]!.n);
    }
  } finally {
    await Promise.all([bouncer.end(), server.end()]);
  }
  return peaks;
}

beforeAll(async () => {
  // Idempotent; the topology stays up afterwards for the other integration specs.
  ({ info } = await topologyUp());
}, 120_000);

describe('the local replica topology', () => {
  it('runs the primary read-write and both replicas as hot standbys in recovery', async () => {
    const [primary] = await rows<{ standby: boolean }>(info.primaryAdminUrl, 'SELECT pg_is_in_recovery() AS standby');
    expect(primary!.standby).toBe(false);
    for (const url of info.replicaAdminUrls) {
      const [replica] = await rows<{ standby: boolean }>(url, 'SELECT pg_is_in_recovery() AS standby');
      expect(replica!.standby).toBe(true);
    }
  });

  it('streams a table written on the primary to both replicas', async () => {
    const table = `topology_probe_${randomBytes(4).toString('hex')}`;
    const marker = randomBytes(8).toString('hex');
    await rows(info.primaryAdminUrl, `CREATE TABLE ${table} AS SELECT $1::text AS marker`, [marker]);
    try {
      await waitForReplication();
      for (const url of info.replicaAdminUrls) {
        expect(await rows(url, `SELECT marker FROM ${table}`)).toEqual([{ marker }]);
      }
    } finally {
      await rows(info.primaryAdminUrl, `DROP TABLE ${table}`);
    }
  });

  it('keeps both physical replication slots active on the primary', async () => {
    const slots = await rows(
      info.primaryAdminUrl,
      `SELECT slot_name, slot_type, active FROM pg_replication_slots WHERE slot_name LIKE 'replica\\_%' ORDER BY slot_name`,
    );
    expect(slots).toEqual([
      { slot_name: 'replica_1', slot_type: 'physical', active: true },
      { slot_name: 'replica_2', slot_type: 'physical', active: true },
    ]);
  });

  it('refuses writes on a replica', async () => {
    for (const url of info.replicaAdminUrls) {
      await expect(rows(url, 'CREATE TABLE must_not_exist (id int)')).rejects.toMatchObject({ code: '25006' });
    }
  });

  it('answers through PgBouncer on all three ports for a service role, each in front of its own server', async () => {
    for (const [i, target] of TARGETS.entries()) {
      const [row] = await rows(
        viaBouncer(target),
        'SELECT inet_server_port() AS port, pg_is_in_recovery() AS standby, current_user AS role, current_database() AS db',
      );
      expect(row).toEqual({ port: SERVER_PORTS[i], standby: target !== 'primary', role: COURSE_ROLE, db: 'azora' });
    }
    const wrongPassword = viaBouncer('primary', 'azora', COURSE_ROLE, `${developmentPassword('course')}-wrong`);
    await expect(rows(wrongPassword, 'SELECT 1')).rejects.toThrow('SASL authentication failed');
  });

  it('pools in transaction mode on every bouncer', async () => {
    for (const target of TARGETS) {
      await rows(viaBouncer(target), 'SELECT 1');
      const config = new Map(
        (await rows<{ key: string; value: string }>(adminConsole(target), 'SHOW CONFIG')).map((r) => [r.key, r.value]),
      );
      expect(config.get('pool_mode')).toBe('transaction');
      expect(config.get('default_pool_size')).toBe('25');
      expect(config.get('max_client_conn')).toBe('1000');
      expect(config.get('server_reset_query')).toBe('');
      const pools = await rows<{ database: string; user: string; pool_mode: string }>(adminConsole(target), 'SHOW POOLS');
      expect(pools.find((p) => p.database === 'azora' && p.user === COURSE_ROLE)?.pool_mode).toBe('transaction');
    }
  });

  it('does nothing, quickly, when up runs again', async () => {
    const pids = (await componentStates()).map((state) => [state.name, state.pid]);
    expect(pids.every(([, pid]) => typeof pid === 'number')).toBe(true);
    const started = Date.now();
    const again = await topologyUp();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(again.startedByUs).toBe(false);
    expect(again.info).toEqual(info);
    expect((await componentStates()).map((state) => [state.name, state.pid])).toEqual(pids);
  });

  it('serves 300 concurrent clients through the primary bouncer on at most 25 server connections', async () => {
    const clients = Array.from({ length: 300 }, () => new pg.Client({ connectionString: viaBouncer('primary') }));
    try {
      await Promise.all(clients.map((client) => client.connect()));
      const pools = await rows(adminConsole('primary'), 'SHOW POOLS');
      const pool = pools.find((p) => p.database === 'azora' && p.user === COURSE_ROLE)!;
      expect(Number(pool.cl_active) + Number(pool.cl_waiting)).toBeGreaterThanOrEqual(300);
      // All at once: 300 transactions queue for 25 server connections.
      const work = Promise.all(clients.map((client) => client.query('SELECT pg_sleep(0.05)')));
      const [peaks] = await Promise.all([peaksWhile(work), work]);
      expect(peaks.bouncerServers).toBeLessThanOrEqual(25);
      expect(peaks.backends).toBeLessThanOrEqual(25);
      expect(peaks.bouncerServers).toBeGreaterThan(1);
      expect(peaks.waitingClients).toBeGreaterThan(0);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  }, 60_000);
});
