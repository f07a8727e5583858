import { CACHE_REQUESTS_METRIC } from '@azora/cache';

/** `cache_requests_total` of one service: counts by layer, route and result. */
export interface CacheCounts {
  [layer: string]: { [route: string]: { hit: number; miss: number; error: number } };
}

export interface LayerRate {
  layer: string;
  hits: number;
  misses: number;
  errors: number;
  lookups: number;
  /** hits / lookups, 0..1; NaN without lookups. */
  hitRate: number;
  routes: { route: string; hits: number; lookups: number; hitRate: number }[];
}

const SAMPLE = new RegExp(`^${CACHE_REQUESTS_METRIC}\\{([^}]*)\\}\\s+(\\S+)`);
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export function parseCacheCounts(exposition: string): CacheCounts {
  const counts: CacheCounts = {};
  for (const line of exposition.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1]!.matchAll(LABEL)].map(([, name, value]) => [name, value]));
    const { layer, route, result } = labels;
    if (!layer || !route || (result !== 'hit' && result !== 'miss' && result !== 'error')) continue;
    const slot = ((counts[layer] ??= {})[route] ??= { hit: 0, miss: 0, error: 0 });
    slot[result] += Number(match[2]);
  }
  return counts;
}

/** The service's counters now, from its Prometheus endpoint. */
export async function scrapeCacheCounts(serviceUrl: string): Promise<CacheCounts> {
  const response = await fetch(`${serviceUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${serviceUrl}/metrics answered ${response.status}`);
  return parseCacheCounts(await response.text());
}

const rate = (hits: number, lookups: number): number => (lookups > 0 ? hits / lookups : Number.NaN);

/** Hit rate per layer (and per route within it) between two scrapes of the same process. */
export function layerRates(before: CacheCounts, after: CacheCounts): LayerRate[] {
  return Object.entries(after).map(([layer, routes]) => {
    const perRoute = Object.entries(routes).map(([route, now]) => {
      const then = before[layer]?.[route] ?? { hit: 0, miss: 0, error: 0 };
      return { route, hits: now.hit - then.hit, misses: now.miss - then.miss, errors: now.error - then.error };
    });
    const sum = (pick: (r: (typeof perRoute)[number]) => number): number => perRoute.reduce((total, r) => total + pick(r), 0);
    const [hits, misses, errors] = [sum((r) => r.hits), sum((r) => r.misses), sum((r) => r.errors)];
    const lookups = hits + misses + errors;
    return {
      layer,
      hits,
      misses,
      errors,
      lookups,
      hitRate: rate(hits, lookups),
      routes: perRoute.map((r) => {
        const routeLookups = r.hits + r.misses + r.errors;
        return { route: r.route, hits: r.hits, lookups: routeLookups, hitRate: rate(r.hits, routeLookups) };
      }),
    };
  });
}
