import { machineTable } from '../bench-db/doc-tables.js';
import { BROWSE_MIX } from './browse-mix.js';
import { BARE, COURSE, COURSE_NO_EARLY, COURSE_NO_L1 } from './budgets.js';
import { CACHE_BENCH_DATABASE } from './catalog-db.js';
import { budgetBlock, compressionTable, fixedRateTable, layerTable, outageTable, throughputTable } from './doc-tables.js';
import type { CacheBenchRun } from './report.js';

export const SECTION_HEADING = '## Cache (npm run bench:cache)';

const when = (run: CacheBenchRun): string =>
  `${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(run.seconds)} s including preparation`;

function method(run: CacheBenchRun): string {
  const { options: o, catalog } = run;
  const seeded = catalog.seeded
    ? `seeded in ${catalog.seedSeconds?.toFixed(0)} s`
    : 'seeded by an earlier run with the same parameters and reused';
  const sorts = Object.entries(BROWSE_MIX.sortWeights)
    .map(([sort, weight]) => `\`${sort}\` ${weight}`)
    .join(', ');
  return [
    `- **Data**: database \`${CACHE_BENCH_DATABASE}\` on the replica topology, filled by \`tools/seed\` (${seeded}; ${o.users} users, ` +
      `${catalog.courses} courses of which ${catalog.publishedCourses} published, in ${catalog.categories.length} categories; seed ${o.seed}).`,
    `- **Processes**, all on loopback and stopped by PID at the end: a private \`redis-server\` and \`nats-server\` on free ports; ` +
      `the built course service (\`dist/apps/course/src/main.js\`) with \`NODE_ENV=production\`, a random 32-byte \`JWT_SECRET\`, ` +
      `\`REDIS_MEMORY_FALLBACK=false\`, \`REDIS_OUTAGE_READINESS=degraded\`, \`LOG_LEVEL=${o.logLevel}\`, queries through PgBouncer ` +
      `(primary) and both replicas through their PgBouncers, its cache settings the defaults (in-process L1 of 2 s, ` +
      `anonymous hits answered early, cache versions held with Redis tracking); the same service again with \`CACHE_L1_TTL_MS=0\` (${COURSE_NO_L1}) and with ` +
      `\`CACHE_EARLY_HITS=false\` (${COURSE_NO_EARLY}: every hit through Nest's middleware, guards, pipes and interceptors); ` +
      `and a bare NestJS-on-Fastify app (\`tools/bench-cache/bare-app.ts\`: no pipes, guards, interceptors, hooks, logs or ` +
      `metrics) answering the captured page's bytes and headers (content-type, cache-control, etag, vary) from memory.`,
    `- **Load generator**: autocannon, ${o.connections} connections, HTTP/1.1 keep-alive, no pipelining; in (b) it and the ` +
      `even-rate generator run in a child process of their own per measurement (the benchmark's heap, which holds the earlier ` +
      `steps' figures, made its GC pauses show as tails of every target).`,
    `- **(a) Browse mix**, seeded PRNG: ${pct(BROWSE_MIX.detailShare)} course details, the rest catalog pages; of those ` +
      `${pct(BROWSE_MIX.allCategoriesShare)} across all categories, the others filtered by a category drawn by its size; sorts ` +
      `weighted ${sorts}; page depth Zipf with exponent ${BROWSE_MIX.pageExponent} up to the last page. A detail is a click on a ` +
      `listed course ${pct(BROWSE_MIX.clickedFromListing)} of the time (a page drawn as above, then a position on it, Zipf ` +
      `${BROWSE_MIX.positionExponent}), otherwise a course drawn by popularity (Zipf ${BROWSE_MIX.courseExponent} over the shuffled ` +
      `catalog). \`Accept-Encoding: br, gzip\`. ${o.browseWarmup} requests of warm-up from a cold cache, then ` +
      `the next ${o.browseRequests} measured (counts, not durations: the same seeded sequence gives the same hit rate however fast the machine is; ` +
      `the measured window took ${run.browse.measured.seconds.toFixed(0)} s). Hit rates come from the service's \`cache_requests_total\`, scraped before and after the ` +
      `measured window.`,
    `- **(b) Cached page**: \`${run.throughput.path}\` (${run.throughput.bodyBytes} bytes, 20 courses), no \`Accept-Encoding\` so ` +
      `both sides send the same identity bytes. ${o.rounds} rounds; each round measures ` +
      `${run.throughput.targets.map((target) => target.name).join(', ')} in a rotating ` +
      `order, ${o.roundSeconds} s each after a 1 s warm-up that is not recorded, with the other targets paused (SIGSTOP, then ` +
      `SIGCONT) as on a node of its own: idle, they still wake for timers and took a core at random moments. Medians of the ` +
      `rounds are compared.`,
    `- **(c) Redis outage**: the browse mix (another seed) for ${o.outageSeconds.join(' + ')} s; after ${o.outageSeconds[0]} s the ` +
      `private redis-server is killed (SIGKILL), ${o.outageSeconds[1]} s later started again on the same port, empty. A failed ` +
      `request is a non-2xx answer, a socket error or a timeout (10 s).`,
    `- **(d) Compression**: ${run.compression.pages} catalog pages of 20 courses (sorts, depths, categories), each fetched ` +
      `without \`Accept-Encoding\`, then with \`br\`, then \`gzip\`, twice each; ratio = identity bytes / bytes on the wire.`,
  ].join('\n');
}

const pct = (share: number): string => `${Math.round(share * 100)} %`;

function reading(run: CacheBenchRun): string {
  const [bare, course, withoutL1, withoutEarly] = [BARE, COURSE, COURSE_NO_L1, COURSE_NO_EARLY].map((name) =>
    run.throughput.targets.find((t) => t.name === name)!,
  );
  const times = (other: { medianPerSecond: number }): string =>
    `${(course!.medianPerSecond / other.medianPerSecond).toFixed(2)}×`;
  return [
    `- **Hit rate** is per layer: the response layer sees every catalog and anonymous detail request; the data layer only ` +
      `what the response layer missed (and authenticated details), so its rate is naturally lower and is not the budget. ` +
      `It depends on traffic: the more requests per key per TTL, the higher; a fleet shares one Redis, so its rate is at ` +
      `least that of one process at the same total traffic. The ${run.browse.distinctPaths} distinct paths of this run are the cold misses.`,
    `- **p99 at 100 connections** in the closed-loop rounds is queueing, not service time: every connection sends its next ` +
      `request as soon as the previous answer arrives, so by Little's law the mean latency is 100 / throughput (at ` +
      `${Math.round(course!.medianPerSecond)} req/s, ${((100 / course!.medianPerSecond) * 1000).toFixed(1)} ms) and the p99 above it; even the ` +
      `bare app's p99 was ${bare!.medianP99.toFixed(1)} ms. The fixed-rate table shows the latency with headroom.`,
    `- **Throughput** is relative: both sides share ${run.machine.cpus} cores with autocannon, so the absolute req/s say little about a ` +
      `pod; the ratio says what the platform costs per cached hit against Fastify alone: the version \`MGET\` in Redis (the ` +
      `one round trip a hit keeps, so that a write anywhere invalidates at once), the L1 lookup, metrics, and the onSend ` +
      `hooks (Cache-Control, ETag stored with the entry, compression, request id). The bare app did ${Math.round(bare!.medianPerSecond)} req/s.`,
    `- **L1** (in-process values, \`CACHE_L1_TTL_MS\`): course did ${times(withoutL1!)} the throughput of ${COURSE_NO_L1}. ` +
      `It saves the value \`GET\`, the decoding of a 10 KB entry and the body's UTF-8 encoding (an L1 entry is the same ` +
      `object on every hit); the version \`MGET\` stays, so invalidation stays immediate.`,
    `- **Early hits** (\`CACHE_EARLY_HITS\`): course did ${times(withoutEarly!)} the throughput of ${COURSE_NO_EARLY}, ` +
      `which runs Nest's request-logger middleware (a child logger and an async context per request), guards, pipes and ` +
      `interceptors before the same cache lookup.`,
    `- **Outage**: while Redis is down the response layer counts \`error\` (bypass) and the catalog is served from the ` +
      `replicas; after the restart Redis is empty, so the cache refills from cold: the last phase shows it back.`,
    `- **Compression**: public pages (\`Cache-Control: public\`) are compressed once per body and coding at brotli 11 / gzip 9 ` +
      `and then served from memory, keyed by ETag (docs/http-caching.md); the first request pays the compression, the repeat does not.`,
    `- Load average when the run began: ${run.loadAtStart.map((value) => value.toFixed(2)).join(', ')} (other work on the machine shows here).`,
  ].join('\n');
}

export function cacheSection(run: CacheBenchRun): string {
  return [
    SECTION_HEADING,
    `Generated by \`npm run bench:cache\` (${when(run)}); rerun it to refresh this section. Raw figures: ` +
      `\`${run.resultFile}\` (bench-results/ is git-ignored).`,
    `### Machine\n\n${machineTable(run.machine)}`,
    `### Method\n\n${method(run)}`,
    `### Budgets\n\n${budgetBlock(run)}`,
    `### (a) Browse mix: hit rate per layer (measured window)\n\n${layerTable(run.browse.layers, run.browse.measured.requests)}`,
    `### (b) Cached catalog page vs bare Fastify, ${run.throughput.connections} connections\n\n${throughputTable(run.throughput)}`,
    `Below saturation: the same ${run.throughput.connections} connections at a fixed ${run.throughput.atHalfRate.rate} req/s ` +
      `(half the slowest target's median; open loop, evenly spaced, latency counted from when each request was due, in µs precision; ${run.options.rounds} rounds in rotating order, ${run.options.roundSeconds} s each after 2 s at the same rate that are not recorded; the round with the median p99 is shown, the worst in the last column):\n\n${fixedRateTable(run.throughput)}`,
    `### (c) Redis killed mid-run\n\n${run.outage.load.requests} requests, ${run.outage.load.non2xx} non-2xx, ` +
      `${run.outage.load.errors} socket errors (${run.outage.load.timeouts} timeouts), p99 ${run.outage.load.p99.toFixed(1)} ms; ` +
      `first response-layer hit ${run.outage.secondsToFirstHit?.toFixed(1) ?? 'never'} s after the restart.\n\n${outageTable(run.outage)}`,
    `### (d) Compression of 20-course catalog pages (${run.compression.identityBytes.min}–${run.compression.identityBytes.max} bytes)\n\n${compressionTable(run.compression)}`,
    `### How to read them\n\n${reading(run)}`,
  ].join('\n\n');
}
