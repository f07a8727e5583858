import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serviceRole, SERVICE_SCHEMAS, type SchemaOwner } from '@azora/database';
import { TOPOLOGY_DIR } from '../db-topology/layout.js';
import type * as HotQueriesModule from '../../test/integration/data/hot-queries.js';
import type { HotQuery } from '../../test/integration/data/hot-queries.js';

export type { HotQuery, Samples } from '../../test/integration/data/hot-queries.js';

/** A hot query with the role that owns its schema and whether it writes (it then runs on the primary only). */
export interface BenchQuery extends HotQuery {
  role: string;
  writes: boolean;
}

export const REPO_ROOT = dirname(dirname(TOPOLOGY_DIR));
const HOT_QUERIES_FILE = join(REPO_ROOT, 'test', 'integration', 'data', 'hot-queries.ts');

/**
 * The list of the EXPLAIN check, imported rather than copied. scripts/build.mjs does not compile
 * test/, so it is loaded from source: Node 24 strips its types (it uses nothing but erasable syntax).
 */
export async function loadHotQueriesModule(): Promise<typeof HotQueriesModule> {
  return (await import(pathToFileURL(HOT_QUERIES_FILE).href)) as typeof HotQueriesModule;
}

function owningRole(query: HotQuery): string {
  const schemas = (Object.keys(SERVICE_SCHEMAS) as SchemaOwner[]).filter((service) =>
    query.sql.includes(`"${SERVICE_SCHEMAS[service]}".`),
  );
  if (schemas.length !== 1) throw new Error(`${query.name}: expected one service schema in its SQL, found ${schemas.length}`);
  return serviceRole(schemas[0]!);
}

const WRITES = /\b(INSERT|UPDATE|DELETE)\b/i;

/**
 * `countPublished` without a filter is the category count without its condition. It is left out of
 * the EXPLAIN list on purpose (it counts ~70 % of the catalog whatever the index), so it is derived
 * from the category count here: it follows that SQL when TypeORM's output or the list changes.
 */
function unfilteredCatalogCount(queries: readonly HotQuery[]): HotQuery {
  const inCategory = queries.find((query) => query.name === 'catalog total in a category');
  const condition = ' AND "course"."category" = $1';
  if (!inCategory?.sql.includes(condition)) throw new Error('hot-queries: no "catalog total in a category" to derive from');
  return {
    name: 'catalog total, no filter',
    source: `${inCategory.source} (page mode, no filter)`,
    sql: inCategory.sql.replace(condition, ''),
    params: () => [],
  };
}

export function benchQueries(queries: readonly HotQuery[]): BenchQuery[] {
  const all = [...queries];
  if (!all.some((query) => query.name === 'catalog total, no filter')) all.push(unfilteredCatalogCount(queries));
  return all.map((query) => ({ ...query, role: owningRole(query), writes: WRITES.test(query.sql) }));
}
