import { browsePaths } from './browse-mix.js';
import type { CatalogDatabase } from './catalog-db.js';
import { layerRates, scrapeCacheCounts, type CacheCounts, type LayerRate } from './cache-metrics.js';
import { runLoad, type LoadResult } from './load.js';
import type { CacheBenchOptions } from './options.js';
import type { PrivateServer } from './private-server.js';
import type { RunningService } from './services.js';

export interface OutagePhase {
  name: 'before' | 'down' | 'after restart' | 'last 5 s';
  seconds: number;
  /** The response layer over this phase (hit, miss, error = served from the database, cache bypassed). */
  response: LayerRate | undefined;
  readiness: string;
}

export interface OutageResult {
  load: LoadResult;
  phases: OutagePhase[];
  /** Seconds from the restart to the first response-layer hit seen by polling the metrics. */
  secondsToFirstHit: number | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function readiness(service: RunningService): Promise<string> {
  const response = await fetch(`${service.url}/health/ready`);
  const body = (await response.json().catch(() => ({}))) as { status?: string };
  return `${response.status} ${body.status ?? '?'}`;
}

/**
 * (c) The browse mix runs without a break while the private redis-server is killed (SIGKILL) and,
 * later, started again empty. Every request must still succeed; the cache must come back by itself.
 */
export async function measureOutage(
  service: RunningService,
  redis: PrivateServer,
  catalog: CatalogDatabase,
  options: CacheBenchOptions,
  log: (line: string) => void,
): Promise<OutageResult> {
  const [before, down, after] = options.outageSeconds;
  const nextPath = browsePaths(catalog, options.seed + 1);
  const running = runLoad({ url: service.url, connections: options.connections, seconds: before + down + after, nextPath });
  const scrapes: { at: number; counts: CacheCounts; readiness: string }[] = [];
  const scrape = async (): Promise<void> => {
    scrapes.push({ at: performance.now(), counts: await scrapeCacheCounts(service.url), readiness: await readiness(service) });
  };
  await scrape();
  await sleep(before * 1000);
  await scrape();
  log(`[bench] (c) killing redis-server (pid ${redis.pid}) under load`);
  await redis.kill();
  await sleep(down * 1000);
  await scrape();
  await redis.start();
  const restartedAt = performance.now();
  log(`[bench] (c) redis-server started again, empty (pid ${redis.pid})`);
  let secondsToFirstHit: number | undefined;
  const hitsSoFar = (counts: CacheCounts): number =>
    Object.values(counts.response ?? {}).reduce((total, route) => total + route.hit, 0);
  const hitsAtRestart = hitsSoFar(scrapes.at(-1)!.counts);
  while (performance.now() - restartedAt < (after - 5) * 1000) {
    if (secondsToFirstHit === undefined && hitsSoFar(await scrapeCacheCounts(service.url)) > hitsAtRestart) {
      secondsToFirstHit = (performance.now() - restartedAt) / 1000;
    }
    await sleep(250);
  }
  await scrape();
  const load = await running;
  await scrape();
  const names: OutagePhase['name'][] = ['before', 'down', 'after restart', 'last 5 s'];
  const phases = names.map((name, index) => {
    const [from, to] = [scrapes[index]!, scrapes[index + 1]!];
    const response = layerRates(from.counts, to.counts).find((rate) => rate.layer === 'response');
    return { name, seconds: (to.at - from.at) / 1000, response, readiness: to.readiness };
  });
  return { load, phases, secondsToFirstHit };
}
