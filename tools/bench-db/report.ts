import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Budget } from './budgets.js';
import type { DeepPageResult } from './deep-page.js';
import { databaseSection, SECTION_HEADING } from './doc.js';
import type { QueryResult } from './latency.js';
import type { MachineInfo } from './machine.js';
import type { ManyClientsResult } from './many-clients.js';
import type { BenchOptions } from './options.js';
import type { PreparedDatabase } from './prepare.js';
import { REPO_ROOT } from './queries.js';

export interface BenchRun {
  startedAt: string;
  seconds: number;
  /** Repository-relative path of the JSON written for this run. */
  resultFile: string;
  options: BenchOptions;
  machine: MachineInfo;
  /** 1, 5 and 15-minute load averages when the run began, before any load of its own: other runs show here. */
  loadAtStart: number[];
  database: PreparedDatabase;
  sampleSets: number;
  hotQueries: QueryResult[];
  deepPage: DeepPageResult;
  manyClients: ManyClientsResult;
  budgets: Budget[];
  summary: string;
}

export const PERFORMANCE_DOC = join(REPO_ROOT, 'docs', 'PERFORMANCE.md');

const INTRO = `# Performance

Measured figures of the platform, one section per benchmark. Each section is written by its benchmark's
command and says how it was measured; rerun the command to refresh it rather than editing the numbers.
`;

export function resultFileFor(startedAt: Date): string {
  return join('bench-results', `db-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
}

export async function writeJson(run: BenchRun): Promise<string> {
  const path = join(REPO_ROOT, run.resultFile);
  await mkdir(join(REPO_ROOT, 'bench-results'), { recursive: true });
  await writeFile(path, `${JSON.stringify(run, null, 2)}\n`);
  return path;
}

/** `doc` with the section from `heading` up to the next level-2 heading replaced, or appended when absent. */
export function replaceSection(doc: string, heading: string, section: string): string {
  const lines = doc.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start === -1) return `${doc.trimEnd()}\n\n${section.trimEnd()}\n`;
  const after = lines.findIndex((line, index) => index > start && /^## /.test(line));
  const before = lines.slice(0, start).join('\n').trimEnd();
  const rest = after === -1 ? '' : `\n${lines.slice(after).join('\n').trimStart()}`;
  return `${before}\n\n${section.trimEnd()}\n${rest}`.trimStart();
}

/** Formats with the repository's Prettier settings, so `prettier --check` stays green after a run. */
async function prettify(text: string, path: string): Promise<string> {
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...config, filepath: path });
}

/** Rewrites only this benchmark's section of docs/PERFORMANCE.md; other sections stay as they are. */
export async function writePerformanceDoc(run: BenchRun): Promise<string> {
  const current = existsSync(PERFORMANCE_DOC) ? await readFile(PERFORMANCE_DOC, 'utf8') : INTRO;
  const next = replaceSection(current, SECTION_HEADING, databaseSection(run));
  await writeFile(PERFORMANCE_DOC, await prettify(next, PERFORMANCE_DOC));
  return relative(REPO_ROOT, PERFORMANCE_DOC);
}
