import { existsSync, readdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo, openFilesLimit } from '../bench-db/machine.js';
import { describeGateway, localGatewayKind } from '../local-stack/haproxy-gateway.js';
import { Cleanup, runBench } from './bench.js';
import { cpuReferenceMs } from './cpu-reference.js';
import { writeLoadSection } from './doc-section.js';
import { parseOptions, UsageError, USAGE, type BenchOptions } from './options.js';
import { reportFiles, writeReports } from './output.js';
import { allBudgets, budgetsText, type BenchReport } from './report.js';
import { ensureOpenFiles } from './rlimit.js';
import { dropBenchDatabase, stopKeptStack } from './stack.js';
import { alive, forgetKeptStack, readKeptStack } from './stack-state.js';

const log = (line: string): void => console.log(`[bench] ${line}`);

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

async function stopKept(root: string): Promise<void> {
  const file = join(root, '.data', 'bench', 'stack.json');
  const kept = readKeptStack(file);
  if (!kept) return log('no kept stack');
  await stopKeptStack(kept);
  await dropBenchDatabase(kept.database);
  forgetKeptStack(file);
  // The kept stack ran from the dist/ snapshot of the run that started it; a running bench's snapshot stays.
  for (const entry of readdirSync(dirname(file))) {
    const pid = /^dist-(\d+)$/.exec(entry)?.[1];
    if (pid !== undefined && !alive(Number(pid))) rmSync(join(dirname(file), entry), { recursive: true, force: true });
  }
  log(`stopped the ${kept.mode} stack at ${kept.gatewayUrl} and dropped ${kept.database}`);
}

async function bench(options: BenchOptions, root: string): Promise<number> {
  // Sockets: one per user here and in the gateway, plus the gateway's upstream pools and PostgreSQL's.
  const openFiles = ensureOpenFiles(options.profile.users + 1024);
  const started = new Date();
  const loadAtStart = loadavg();
  const cpuReference = cpuReferenceMs();
  const outDir = resolve(root, options.outDir);
  const cleanup = new Cleanup();
  const interrupt = (): void => void cleanup.run(log).finally(() => process.exit(130));
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  try {
    const { runs, comparison, profiles } = await runBench(options, root, cleanup, log);
    const report: BenchReport = {
      startedAt: started.toISOString(),
      seconds: (Date.now() - started.getTime()) / 1000,
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
      profile: options.profile,
      machine: await machineInfo(),
      loadAtStart,
      openFilesLimit: `${openFiles} (pgbouncer ${(await openFilesLimit()).pgbouncer})`,
      gateway: describeGateway(localGatewayKind()),
      cpuReferenceMs: cpuReference,
      runs,
      comparison,
      files: reportFiles(root, outDir, started),
    };
    await writeReports(root, outDir, report, profiles);
    if (options.writeDoc) await writeLoadSection(join(root, 'docs', 'PERFORMANCE.md'), outDir);
    console.log(budgetsText(report));
    log(
      `reports: ${report.files.markdown}, ${report.files.html}, ${report.files.json}${options.writeDoc ? '; docs/PERFORMANCE.md updated' : ''}`,
    );
    return allBudgets(report).every((b) => b.pass) ? 0 : 1;
  } finally {
    await cleanup.run(log);
  }
}

async function main(): Promise<number> {
  const root = repoRoot();
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'stop') {
    await stopKept(root);
    return 0;
  }
  if (options === 'rewrite-doc') {
    await writeLoadSection(join(root, 'docs', 'PERFORMANCE.md'), join(root, 'bench-results'));
    log('docs/PERFORMANCE.md: load section rebuilt from bench-results/load-latest-*.json');
    return 0;
  }
  return bench(options, root);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
