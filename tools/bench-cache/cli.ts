// npm run bench:cache [-- --courses 20000 --rounds 4 ...]; see USAGE in options.ts
import { loadavg } from 'node:os';
import { machineInfo } from '../bench-db/machine.js';
import { BARE, budgetSummary, COURSE, COURSE_NO_EARLY, COURSE_NO_L1, evaluateBudgets } from './budgets.js';
import { measureBrowse } from './browse.js';
import { prepareCatalog } from './catalog-db.js';
import { Cleanup } from './cleanup.js';
import { measureCompression } from './compression.js';
import { parseOptions, USAGE, type CacheBenchOptions } from './options.js';
import { measureOutage } from './outage.js';
import { NATS, PrivateServer, REDIS } from './private-server.js';
import { resultFileFor, writeJson, writePerformanceDoc, type CacheBenchRun } from './report.js';
import { resetRunDir, startBareApp, startCourseService } from './services.js';
import { capturePage, measureThroughput } from './throughput.js';

const log = (line: string): void => console.log(line);

async function run(options: CacheBenchOptions, cleanup: Cleanup): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const started = performance.now();
  log(`[bench] step 1/6: topology up, catalog database with ${options.courses} courses (seed ${options.seed})`);
  const { published, ...catalog } = await prepareCatalog(options, log);
  log(`[bench] ${catalog.publishedCourses} published courses in ${catalog.categories.length} categories`);

  log('[bench] step 2/6: private redis-server and nats-server, course services, bare app');
  resetRunDir();
  const redis = await PrivateServer.start(REDIS);
  cleanup.add(`redis-server :${redis.port}`, () => redis.kill());
  const nats = await PrivateServer.start(NATS);
  cleanup.add(`nats-server :${nats.port}`, () => nats.kill());
  const base = { redisUrl: redis.url, natsUrl: nats.url, logLevel: options.logLevel };
  const course = await startCourseService(cleanup, { ...base, name: COURSE });
  const withoutL1 = await startCourseService(cleanup, { ...base, name: COURSE_NO_L1, env: { CACHE_L1_TTL_MS: '0' } });
  const withoutEarly = await startCourseService(cleanup, { ...base, name: COURSE_NO_EARLY, env: { CACHE_EARLY_HITS: 'false' } });
  const fixture = await capturePage(course);
  const bare = await startBareApp(cleanup, fixture);
  log(
    `[bench] ${COURSE} (pid ${course.pid}) ${course.url}, ${COURSE_NO_L1} (pid ${withoutL1.pid}), ` +
      `${COURSE_NO_EARLY} (pid ${withoutEarly.pid}), ${BARE} (pid ${bare.pid}), redis ${redis.url}`,
  );

  log('[bench] step 3/6: (d) compression of catalog pages as served');
  const compression = await measureCompression(
    course,
    catalog.categories.map((category) => category.name),
  );
  const browse = await measureBrowse(course, { ...catalog, published }, options, log);
  log('[bench] step 4/6: (b) cached page, side by side with the bare app');
  const throughput = await measureThroughput([bare, course, withoutL1, withoutEarly], fixture, options, log);
  log('[bench] step 5/6: (c) Redis killed mid-run');
  const outage = await measureOutage(course, redis, { ...catalog, published }, options, log);

  log('[bench] step 6/6: budgets');
  const budgets = evaluateBudgets(browse, throughput, outage, compression);
  for (const item of budgets) log(item.line);
  const summary = budgetSummary(budgets);
  log(summary);
  const result: CacheBenchRun = {
    startedAt: startedAt.toISOString(),
    seconds: (performance.now() - started) / 1000,
    resultFile: resultFileFor(startedAt),
    options,
    machine: await machineInfo(),
    loadAtStart,
    catalog,
    compression,
    browse,
    throughput,
    outage,
    budgets,
    summary,
  };
  const json = await writeJson(result);
  const doc = await writePerformanceDoc(result);
  log(`[bench] figures in ${json}; section "Cache (npm run bench:cache)" of ${doc} rewritten`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') return console.log(USAGE);
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    // A measurement: missed budgets are reported, not an exit code. Only a broken run exits non-zero.
    await run(options, cleanup);
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:cache failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
