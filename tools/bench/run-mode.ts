import type { ServiceName } from '@azora/routing';
import { compareBudgets, runBudgets, type BudgetLine } from './budgets.js';
import { startProfiling, summarizeProfile, type CpuProfile, type ProfileSummary } from './cpu-profile.js';
import { loadFigures, type LoadFigures } from './figures.js';
import type { SetupData } from './flows/context.js';
import type { Mode } from './options.js';
import { MACHINE, OTHERS, ProcSampler, type ProcessFigures } from './proc-sampler.js';
import { processGroups } from './process-groups.js';
import type { LoadProfile } from './profiles.js';
import { endProgress, progressLine } from './progress.js';
import { scrape } from './prometheus.js';
import { Recorder } from './recorder.js';
import {
  overallCache,
  scrapeAll,
  serviceFigures,
  type CacheFigures,
  type Scrape,
  type ServiceFigures,
} from './service-metrics.js';
import { SessionStore } from './session.js';
import { prepareRun } from './setup.js';
import type { Log, RunningStack } from './stack.js';
import { LoadRun } from './vus.js';

export interface ModeResult {
  mode: Mode;
  stack: { reused: boolean; database: string; gatewayUrl: string };
  setup: { users: number; payers: number; freeCourses: number; paidCourses: number };
  figures: LoadFigures;
  services: Record<ServiceName, ServiceFigures>;
  cache: Record<'response' | 'data', CacheFigures>;
  /** CPU and peak RSS per process (group) over the steady window. */
  processes: Record<string, ProcessFigures>;
  /** CPU milliseconds the whole machine's measured processes spent per request (steady). */
  cpuMsPerRequest: number;
  budgets: BudgetLine[];
  /** With --cpu-prof: where each Node process spent its CPU in the steady window. */
  cpuProfiles?: Record<string, ProfileSummary>;
}

export interface ModeRun {
  result: ModeResult;
  setup: SetupData;
  profiles?: Record<string, CpuProfile>;
}

/** One load run against a running stack: setup through the API, the load, scrapes and /proc samples around the steady window. */
export async function runMode(stack: RunningStack, profile: LoadProfile, log: Log, previous?: SetupData): Promise<ModeRun> {
  const recorder = new Recorder();
  const sessions = new SessionStore();
  const setup = await prepareRun(stack.gatewayUrl, profile, recorder, sessions, log, previous);
  const serviceUrls = { auth: stack.serviceUrls.auth, course: stack.serviceUrls.course, payment: stack.serviceUrls.payment };
  const sampler = new ProcSampler(processGroups(stack));
  let before: Scrape | undefined;
  let after: Scrape | undefined;
  let stopProfiling: (() => Promise<Record<string, CpuProfile>>) | undefined;
  let profiles: Record<string, CpuProfile> | undefined;
  sampler.start();
  log(`${stack.mode}: ${profile.users} users (${profile.description})`);
  const load = new LoadRun(profile, stack.gatewayUrl, setup, recorder, sessions);
  const window = await load
    .run({
      tick: progressLine(stack.mode, recorder),
      steadyStart: async () => {
        sampler.mark('steady-start');
        before = await scrapeAll(serviceUrls, scrape);
        if (stack.inspectPorts) stopProfiling = await startProfiling(stack.inspectPorts);
      },
      steadyEnd: async () => {
        sampler.mark('steady-end');
        after = await scrapeAll(serviceUrls, scrape);
        profiles = await stopProfiling?.();
      },
    })
    .finally(() => {
      sampler.stop();
      endProgress();
    });
  const figures = loadFigures(recorder, window, load.ticks);
  const services = serviceFigures(before!, after!);
  const processes = sampler.figures('steady-start', 'steady-end');
  const cpuSeconds = Object.entries(processes)
    .filter(([name]) => name !== MACHINE && name !== OTHERS)
    .reduce((sum, [, p]) => sum + p.cpuSeconds, 0);
  const cpuProfiles = profiles && Object.fromEntries(Object.entries(profiles).map(([name, p]) => [name, summarizeProfile(p)]));
  return {
    setup,
    ...(profiles ? { profiles } : {}),
    result: {
      mode: stack.mode,
      stack: { reused: stack.reused, database: stack.database, gatewayUrl: stack.gatewayUrl },
      setup: {
        users: setup.users.length,
        payers: setup.payers.length,
        freeCourses: setup.freeCourseIds.length,
        paidCourses: setup.paidCourseIds.length,
      },
      figures,
      services,
      cache: { response: overallCache(services, 'response'), data: overallCache(services, 'data') },
      processes,
      cpuMsPerRequest: figures.overall.count > 0 ? (cpuSeconds * 1000) / figures.overall.count : Number.NaN,
      budgets: runBudgets(profile, figures),
      ...(cpuProfiles ? { cpuProfiles } : {}),
    },
  };
}

export function comparison(results: readonly ModeResult[]): BudgetLine[] {
  const baseline = results.find((r) => r.mode === 'baseline');
  const optimized = results.find((r) => r.mode === 'optimized');
  return baseline && optimized ? compareBudgets(baseline.figures, optimized.figures) : [];
}
