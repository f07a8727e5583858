import type pg from 'pg';

/** One node of `EXPLAIN (FORMAT JSON, VERBOSE)`, with the fields this check reads. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

export interface SeqScan {
  table: string;
  rows: number;
}

/** Tables larger than this must never be read by a sequential scan in a hot query. */
export const LARGE_TABLE_ROWS = 1_000;

export async function explain(client: pg.Client, sql: string, params: readonly unknown[]): Promise<PlanNode> {
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON, VERBOSE) ${sql}`, [
    ...params,
  ]);
  return rows[0]!['QUERY PLAN'][0].Plan;
}

/** Estimated rows per table (`schema.table`), as ANALYZE left them in pg_class. */
export async function tableSizes(client: pg.Client): Promise<Map<string, number>> {
  const { rows } = await client.query<{ name: string; rows: number }>(
    `SELECT n.nspname || '.' || c.relname AS name, c.reltuples::float8 AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('auth', 'course', 'payment')`,
  );
  return new Map(rows.map((row) => [row.name, row.rows]));
}

/** A LIMIT may stop a sequential scan early: allowed when the planner expects it to read at most this share of the table. */
export const EARLY_STOP_SHARE = 0.1;

function* walk(node: PlanNode, parent?: PlanNode): Generator<{ node: PlanNode; parent?: PlanNode }> {
  yield { node, parent };
  for (const child of node.Plans ?? []) yield* walk(child, node);
}

/**
 * The rows a scan right under a LIMIT is expected to read before it stops: the rows the LIMIT
 * passes over the scan's estimated share of matches. A LIMIT above fewer matches than it asks
 * for reads the whole table.
 */
function expectedRowsRead(scan: PlanNode, parent: PlanNode | undefined, tableRows: number): number {
  if (parent?.['Node Type'] !== 'Limit') return tableRows;
  const matches = scan['Plan Rows'] ?? 0;
  const wanted = parent['Plan Rows'] ?? matches;
  return matches > 0 ? Math.min(tableRows, (wanted * tableRows) / matches) : tableRows;
}

/**
 * Every sequential scan (parallel or not) of a table with more than `threshold` rows, except one a
 * LIMIT is expected to stop within EARLY_STOP_SHARE of the table (a broad match found early).
 */
export function largeSeqScans(plan: PlanNode, sizes: ReadonlyMap<string, number>, threshold = LARGE_TABLE_ROWS): SeqScan[] {
  const found: SeqScan[] = [];
  for (const { node, parent } of walk(plan)) {
    if (node['Node Type'] !== 'Seq Scan') continue;
    const table = `${node.Schema}.${node['Relation Name']}`;
    const rows = sizes.get(table) ?? 0;
    if (rows > threshold && expectedRowsRead(node, parent, rows) > rows * EARLY_STOP_SHARE) found.push({ table, rows });
  }
  return found;
}

/** The plan as an indented outline: node, table, index and conditions, one line per node. */
export function renderPlan(node: PlanNode, depth = 0): string {
  const parts = [node['Node Type']];
  if (node['Relation Name']) parts.push(`on ${node.Schema}.${node['Relation Name']}`);
  if (node['Index Name']) parts.push(`using ${node['Index Name']}`);
  if (node['Index Cond']) parts.push(`cond ${node['Index Cond']}`);
  if (node.Filter) parts.push(`filter ${node.Filter}`);
  parts.push(`(rows≈${node['Plan Rows'] ?? '?'})`);
  const line = `${'  '.repeat(depth)}-> ${parts.join(' ')}`;
  return [line, ...(node.Plans ?? []).map((child) => renderPlan(child, depth + 1))].join('\n');
}
