import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { MachineInfo } from '../bench-db/machine.js';
import { PERFORMANCE_DOC, replaceSection } from '../bench-db/report.js';
import type { Budget } from './budgets.js';
import type { BrowseResult } from './browse.js';
import type { CatalogDatabase } from './catalog-db.js';
import type { CompressionResult } from './compression.js';
import { cacheSection, SECTION_HEADING } from './doc.js';
import type { CacheBenchOptions } from './options.js';
import type { OutageResult } from './outage.js';
import { REPO_ROOT } from './services.js';
import type { ThroughputResult } from './throughput.js';

export interface CacheBenchRun {
  startedAt: string;
  seconds: number;
  /** Repository-relative path of the JSON written for this run. */
  resultFile: string;
  options: CacheBenchOptions;
  machine: MachineInfo;
  /** 1, 5 and 15-minute load averages when the run began, before any load of its own. */
  loadAtStart: number[];
  catalog: Omit<CatalogDatabase, 'published'>;
  compression: CompressionResult;
  browse: BrowseResult;
  throughput: ThroughputResult;
  outage: OutageResult;
  budgets: Budget[];
  summary: string;
}

export const resultFileFor = (startedAt: Date): string =>
  join('bench-results', `cache-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);

export async function writeJson(run: CacheBenchRun): Promise<string> {
  await mkdir(join(REPO_ROOT, 'bench-results'), { recursive: true });
  const path = join(REPO_ROOT, run.resultFile);
  await writeFile(path, `${JSON.stringify(run, null, 2)}\n`);
  return path;
}

async function prettify(text: string, path: string): Promise<string> {
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...config, filepath: path });
}

/** Rewrites only the "Cache" section of docs/PERFORMANCE.md; the other benchmarks' sections stay. */
export async function writePerformanceDoc(run: CacheBenchRun): Promise<string> {
  const current = existsSync(PERFORMANCE_DOC) ? await readFile(PERFORMANCE_DOC, 'utf8') : '# Performance\n';
  const next = replaceSection(current, SECTION_HEADING, cacheSection(run));
  await writeFile(PERFORMANCE_DOC, await prettify(next, PERFORMANCE_DOC));
  return relative(REPO_ROOT, PERFORMANCE_DOC);
}
