// node_modules/.bin/node dist/tools/bench-cache/quick.js [--rounds 2] [--round-seconds 5] [--env KEY=VALUE]... [--cpu-prof DIR]
// The throughput part of bench:cache only (bare app vs course service, no L1/warn variants, no doc
// rewrite): a quick before/after check while working on the cached path; --env sets a variable of the
// course service (e.g. CACHE_L1_TTL_MS=0, CACHE_EARLY_HITS=false). With --cpu-prof the course
// service writes a V8 CPU profile of the whole run into DIR when it stops.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runLoad } from './load.js';
import { prepareCatalog } from './catalog-db.js';
import { Cleanup } from './cleanup.js';
import { parseOptions } from './options.js';
import { NATS, PrivateServer, REDIS } from './private-server.js';
import { resetRunDir, startBareApp, startCourseService, type RunningService } from './services.js';
import { capturePage, measureThroughput, THROUGHPUT_PATH } from './throughput.js';

const log = (line: string): void => console.log(line);
/** A rate every target sustains on this machine, so that CPU per request is measured below saturation. */
const FIXED_RATE = 2000;
const CLOCK_TICKS_PER_SECOND = 100;

/** User and system CPU seconds a process has used so far (Linux). */
function cpuSeconds(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND, system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND };
}

/**
 * The target's own CPU per request at a fixed rate: unlike req/s at saturation, this hardly moves
 * with other work on the machine, so small changes to the request path show.
 */
async function cpuPerRequest(target: RunningService, connections: number): Promise<{ user: number; system: number }> {
  const url = `${target.url}${THROUGHPUT_PATH}`;
  const before = cpuSeconds(target.pid!);
  const result = await runLoad({ url, connections, seconds: 10, overallRate: FIXED_RATE });
  const after = cpuSeconds(target.pid!);
  const perRequest = (seconds: number): number => (seconds / result.requests) * 1e6;
  return { user: perRequest(after.user - before.user), system: perRequest(after.system - before.system) };
}

async function run(cleanup: Cleanup): Promise<void> {
  const { values } = parseArgs({
    options: { 'cpu-prof': { type: 'string' }, env: { type: 'string', multiple: true } },
    strict: false,
  });
  const valued = new Set(['--cpu-prof', '--env']);
  const benchArgs = process.argv.slice(2).filter((arg, index, all) => !valued.has(arg) && !valued.has(all[index - 1]!));
  const options = parseOptions(benchArgs);
  if (options === 'help') return;
  await prepareCatalog(options, log);
  resetRunDir();
  const redis = await PrivateServer.start(REDIS);
  cleanup.add('redis', () => redis.kill());
  const nats = await PrivateServer.start(NATS);
  cleanup.add('nats', () => nats.kill());
  const env: Record<string, string> = {};
  for (const pair of (values.env as string[] | undefined) ?? [])
    env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
  if (typeof values['cpu-prof'] === 'string') env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${values['cpu-prof']}`;
  const course = await startCourseService(cleanup, {
    name: 'course',
    redisUrl: redis.url,
    natsUrl: nats.url,
    logLevel: options.logLevel,
    env,
  });
  const fixture = await capturePage(course);
  const bare = await startBareApp(cleanup, fixture);
  const result = await measureThroughput([bare, course], fixture, options, log);
  for (const target of [bare, course]) {
    const { user, system } = await cpuPerRequest(target, options.connections);
    log(
      `[quick] ${target.name.padEnd(6)} ${(user + system).toFixed(0)} µs of CPU per request at ${FIXED_RATE} req/s` +
        ` (user ${user.toFixed(0)}, system ${system.toFixed(0)})`,
    );
  }
  const [bareSummary, courseSummary] = result.targets;
  log(
    `[quick] median ${courseSummary!.medianPerSecond.toFixed(0)} vs ${bareSummary!.medianPerSecond.toFixed(0)} req/s = ` +
      `${((courseSummary!.medianPerSecond / bareSummary!.medianPerSecond) * 100).toFixed(1)} %, course p99 ${courseSummary!.medianP99.toFixed(2)} ms`,
  );
}

const cleanup = new Cleanup();
cleanup.onSignals();
run(cleanup)
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup.run());
