import type { DeepPageResult } from './deep-page.js';
import { TARGETS, type QueryResult } from './latency.js';
import type { ManyClientsResult } from './many-clients.js';
import type { LatencyStats } from './measure.js';
import type { MachineInfo } from './machine.js';
import { QUERY_P95_MS } from './budgets.js';

/** A Markdown table; Prettier aligns it when the file is written. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '–');
const triple = (stats: LatencyStats | undefined): string => {
  if (!stats) return 'not run (writes)';
  const flag = stats.errors > 0 ? ` ⚠ ${stats.errors} errors` : stats.p95 >= QUERY_P95_MS ? ' ✗' : '';
  return `${ms(stats.p50)} / ${ms(stats.p95)} / ${ms(stats.p99)}${flag}${stats.remeasured ? ' ↻' : ''}`;
};

export function machineTable(machine: MachineInfo): string {
  return table(
    ['', ''],
    [
      ['CPU', `${machine.cpus} × ${machine.cpuModel}`],
      ['memory', `${machine.memoryGiB} GiB`],
      ['PostgreSQL', `${machine.postgres}: a primary and two streaming replicas (tools/db-topology)`],
      ['PgBouncer', `${machine.pgbouncer}, transaction pooling, default_pool_size 25, max_client_conn 1000`],
      ['Node', machine.node],
      ['kernel', machine.kernel],
    ],
  );
}

export function hotQueryTable(results: readonly QueryResult[]): string {
  const rows = results.map((result) => [
    result.name,
    result.role.replace('azora_', ''),
    result.alone ? `${ms(result.alone.p50)} / ${ms(result.alone.p95)}` : '–',
    ...TARGETS.map((target) => triple(result.targets[target.id])),
  ]);
  return table(['query', 'role', 'alone: p50 / p95', ...TARGETS.map((target) => target.label)], rows);
}

export function throughputTable(results: readonly QueryResult[]): string {
  const rows = results.map((result) => [
    result.name,
    ...TARGETS.map((target) => {
      const stats = result.targets[target.id];
      return stats ? `${Math.round(stats.perSecond)}` : '–';
    }),
  ]);
  return table(['query (queries/s, all workers)', ...TARGETS.map((target) => target.label)], rows);
}

export function deepPageTable(deep: DeepPageResult): string {
  const row = (page: string, how: string, stats: LatencyStats): string[] => [
    page,
    how,
    ms(stats.p50),
    ms(stats.p95),
    ms(stats.p99),
    `${stats.count}`,
  ];
  return table(
    ['page', 'reached by', 'p50', 'p95', 'p99', 'runs'],
    [
      row('1', 'first page (no predicate)', deep.firstPage),
      row(`${deep.page}`, 'keyset cursor (`(created_at, id) < (…)`)', deep.deepPage),
      row(`${deep.page}`, `OFFSET ${deep.depth} (informational, no budget)`, deep.offsetPage),
    ],
  );
}

export function manyClientsTable(storm: ManyClientsResult): string {
  const servers = Object.entries(storm.maxServerConnections)
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ');
  return table(
    ['', ''],
    [
      ['clients opened at once', `${storm.clients} (${storm.connected} connected)`],
      ['per client', `${storm.rounds} × (BEGIN; ${storm.query}; COMMIT) as ${storm.role}`],
      ['errors', `${storm.errors} (${storm.connectErrors} connect, ${storm.transactionErrors} transaction)`],
      ['wall time', `${storm.seconds.toFixed(1)} s`],
      ['connect p50 / p95 / p99', `${ms(storm.connect.p50)} / ${ms(storm.connect.p95)} / ${ms(storm.connect.p99)} ms`],
      [
        'transaction p50 / p95 / p99',
        `${ms(storm.transaction.p50)} / ${ms(storm.transaction.p95)} / ${ms(storm.transaction.p99)} ms`,
      ],
      ['max server connections (pg_stat_activity)', `${servers || 'none seen'} (${storm.samples} samples)`],
      [
        'PgBouncer pool afterwards (SHOW POOLS)',
        storm.poolAfter
          ? `${storm.poolAfter.serverConnections} server connections, maxwait ${storm.poolAfter.maxWaitSeconds} s`
          : '–',
      ],
      ['other PgBouncer clients at the start', `${storm.otherClientsBefore}`],
      ['open-files limit (soft/hard)', `bench ${storm.openFiles.self}, pgbouncer ${storm.openFiles.pgbouncer}`],
    ],
  );
}
