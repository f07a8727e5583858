import type pg from 'pg';
import { decodeCursor, encodeCursor, type CursorPosition } from '../../apps/course/src/common/cursor.js';
import { keysetPredicate, orderBySql, sortValueSql, type KeysetOrder } from '../../apps/course/src/common/keyset.js';
import { catalogCursorScope, parseSort, SORT_VALUE_TYPES } from '../../apps/course/src/courses/catalog-query.js';
import { serviceRole } from '@azora/database';
import { TARGETS, formatStats, measureQuery, urlFor } from './latency.js';
import { Connections } from './connections.js';
import type { LatencyStats } from './measure.js';
import type { BenchOptions } from './options.js';
import type { Log } from './prepare.js';
import type { HotQuery } from './queries.js';

export const DEEP_PAGE = 5_000;
export const PAGE_LIMIT = 20;
const SORT = '-createdAt';

export interface DeepPageResult {
  requestedPage: number;
  /** The page measured: the requested one, or the deepest full page when the catalog is shorter. */
  page: number;
  limit: number;
  /** Rows before the page: the OFFSET that page mode would need. */
  depth: number;
  publishedRows: number;
  cursor: CursorPosition;
  sql: { first: string; keyset: string; offset: string };
  /** The keyset SQL built here equals the hot-queries' "catalog keyset page, sort -createdAt". */
  sameSqlAsHotQuery: boolean;
  /** The keyset page returned the same rows as OFFSET `depth`. */
  sameRowsAsOffset: boolean;
  firstPage: LatencyStats;
  deepPage: LatencyStats;
  offsetPage: LatencyStats;
  /** deep-page p95 / first-page p95. */
  ratio: number;
}

// CoursesRepository's keysetOrder(parseSort('-createdAt')): its SORT_COLUMNS map is private.
const { column, direction } = parseSort(SORT);
const ORDER: KeysetOrder = {
  column: '"course"."created_at"',
  type: SORT_VALUE_TYPES[column],
  idColumn: '"course"."id"',
  direction,
};

function hotSql(queries: readonly HotQuery[], name: string): string {
  const query = queries.find((candidate) => candidate.name === name);
  if (!query) throw new Error(`hot-queries: no "${name}"`);
  return query.sql;
}

/** The first page with the repository's keyset predicate added, as `findPublished` does with `window.after`. */
function statements(queries: readonly HotQuery[], depth: number) {
  const first = hotSql(queries, `catalog first page, sort ${SORT}`);
  const tail = ` LIMIT ${PAGE_LIMIT + 1} OFFSET 0`;
  if (!first.endsWith(tail)) throw new Error(`catalog first page: expected it to end with "${tail}"`);
  const keyset = first.replace(' ORDER BY ', ` AND ${keysetPredicate(ORDER, '$1', '$2')} ORDER BY `);
  const offset = `${first.slice(0, -tail.length)} LIMIT ${PAGE_LIMIT + 1} OFFSET ${depth}`;
  return { first, keyset, offset, sameSqlAsHotQuery: keyset === hotSql(queries, `catalog keyset page, sort ${SORT}`) };
}

/** The last row of the page before: what `meta.nextCursor` of that page names, through a real cursor. */
async function cursorAt(client: pg.Client, rowsBefore: number): Promise<CursorPosition> {
  const sql =
    `SELECT ${sortValueSql(ORDER)} AS value, "course"."id" AS id FROM "course"."courses" "course" ` +
    `WHERE "course"."published" = true ORDER BY ${orderBySql(ORDER)} OFFSET $1 LIMIT 1`;
  const { rows } = await client.query<CursorPosition>(sql, [rowsBefore - 1]);
  const scope = catalogCursorScope({ sort: SORT });
  return decodeCursor(encodeCursor(scope, rows[0]!), scope);
}

async function placement(client: pg.Client) {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "course"."courses" WHERE published`);
  const publishedRows = rows[0]!.n;
  const deepest = Math.max(1, Math.floor((publishedRows - PAGE_LIMIT) / PAGE_LIMIT) + 1);
  const page = Math.min(DEEP_PAGE, deepest);
  const depth = (page - 1) * PAGE_LIMIT;
  if (depth === 0) throw new Error('the catalog is too small for a deep page: seed more courses');
  return { publishedRows, page, depth, cursor: await cursorAt(client, depth) };
}

const ids = async (client: pg.Client, sql: string, params: unknown[]): Promise<string> =>
  (await client.query<{ course_id: string }>(sql, params)).rows.map((row) => row.course_id).join(',');

/** Step 3: page 1 against page 5,000 reached by cursor, via PgBouncer → replica-1, and OFFSET for contrast. */
export async function measureDeepPage(queries: readonly HotQuery[], options: BenchOptions, log: Log): Promise<DeepPageResult> {
  const target = TARGETS.find((candidate) => candidate.id === 'bouncer-replica-1')!;
  const clients = await new Connections(urlFor(target, serviceRole('course')), options.workers).open();
  try {
    const place = await placement(clients.client(0));
    const sql = statements(queries, place.depth);
    const after = [place.cursor.value, place.cursor.id];
    const sameRowsAsOffset = (await ids(clients.client(0), sql.keyset, after)) === (await ids(clients.client(0), sql.offset, []));
    log(
      `[bench] step 3/5: catalog ${SORT} page 1 vs page ${place.page} (limit ${PAGE_LIMIT}, ${place.depth} rows deep, ` +
        `${place.publishedRows} published) via ${target.label}; cursor ${place.cursor.value} / ${place.cursor.id}`,
    );
    if (place.page !== DEEP_PAGE) log(`[bench]   the catalog ends before page ${DEEP_PAGE}: measuring its deepest full page`);
    const run = async (label: string, text: string, params: unknown[]) => {
      const stats = await measureQuery(target, clients, options, () => ({ sql: text, params }), log, label);
      log(`[bench]   ${label.padEnd(40)} ${formatStats(stats)}`);
      return stats;
    };
    const firstPage = await run('page 1', sql.first, []);
    const deepPage = await run(`page ${place.page} by keyset cursor`, sql.keyset, after);
    const offsetPage = await run(`page ${place.page} by OFFSET ${place.depth}`, sql.offset, []);
    const ratio = deepPage.p95 / firstPage.p95;
    log(`[bench]   keyset SQL = hot query's: ${sql.sameSqlAsHotQuery}; same rows as OFFSET: ${sameRowsAsOffset}`);
    const { sameSqlAsHotQuery, ...text } = sql;
    return {
      requestedPage: DEEP_PAGE,
      limit: PAGE_LIMIT,
      ...place,
      sql: text,
      sameSqlAsHotQuery,
      sameRowsAsOffset,
      ratio,
      firstPage,
      deepPage,
      offsetPage,
    };
  } finally {
    await clients.close();
  }
}
