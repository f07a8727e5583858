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

export function benchQueries(queries: readonly HotQuery[]): BenchQuery[] {
  return queries.map((query) => ({ ...query, role: owningRole(query), writes: WRITES.test(query.sql) }));
}
