import { browsePaths } from './browse-mix.js';
import type { CatalogDatabase } from './catalog-db.js';
import { layerRates, scrapeCacheCounts, type LayerRate } from './cache-metrics.js';
import { runLoad, type LoadResult } from './load.js';
import type { CacheBenchOptions } from './options.js';
import type { RunningService } from './services.js';

export interface BrowseResult {
  warmup: LoadResult;
  measured: LoadResult;
  /** Per layer, over the measured window only (scraped before and after it). */
  layers: LayerRate[];
  /** Distinct paths among the requests the mix generated (warm-up and measured). */
  distinctPaths: number;
}

/**
 * (a) The browse mix against a cold cache: a warm-up, then the measured window, whose hit rate is
 * read from the service's own `cache_requests_total`. Both are counts of requests of one seeded
 * sequence, so the hit rate does not depend on how fast this machine was during the run.
 */
export async function measureBrowse(
  service: RunningService,
  catalog: CatalogDatabase,
  options: CacheBenchOptions,
  log: (line: string) => void,
): Promise<BrowseResult> {
  const generate = browsePaths(catalog, options.seed);
  const distinct = new Set<string>();
  const nextPath = (): string => {
    const path = generate();
    distinct.add(path);
    return path;
  };
  const load = (requests: number): Promise<LoadResult> =>
    runLoad({
      url: service.url,
      connections: options.connections,
      requests,
      nextPath,
      headers: { 'accept-encoding': 'br, gzip' },
    });
  log(`[bench] (a) browse mix: ${options.browseWarmup} requests of warm-up, then ${options.browseRequests} measured`);
  const warmup = await load(options.browseWarmup);
  const before = await scrapeCacheCounts(service.url);
  const measured = await load(options.browseRequests);
  const after = await scrapeCacheCounts(service.url);
  return { warmup, measured, layers: layerRates(before, after), distinctPaths: distinct.size };
}
