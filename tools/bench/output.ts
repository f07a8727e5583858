import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { CpuProfile } from './cpu-profile.js';
import { latestFile } from './doc-section.js';
import { htmlReport } from './html-report.js';
import { markdownReport, type BenchReport } from './report.js';

/** Repository-relative when inside the repository (as the docs quote it), absolute otherwise. */
function shown(repoRoot: string, path: string): string {
  const rel = relative(repoRoot, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** <outDir>/<timestamp>.{json,md,html}; `outDir` is absolute. */
export function reportFiles(repoRoot: string, outDir: string, startedAt: Date): BenchReport['files'] {
  const stem = join(outDir, startedAt.toISOString().replace(/[:.]/g, '-'));
  return {
    json: shown(repoRoot, `${stem}.json`),
    markdown: shown(repoRoot, `${stem}.md`),
    html: shown(repoRoot, `${stem}.html`),
  };
}

/** Writes the three reports, and keeps the JSON as the profile's latest (the docs are built from those). */
export async function writeReports(
  repoRoot: string,
  outDir: string,
  report: BenchReport,
  profiles: Record<string, Record<string, CpuProfile>>,
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const at = (path: string): string => resolve(repoRoot, path);
  for (const [mode, byProcess] of Object.entries(profiles)) {
    for (const [name, profile] of Object.entries(byProcess)) {
      await writeFile(at(report.files.json.replace(/\.json$/, `-${mode}-${name}.cpuprofile`)), JSON.stringify(profile));
    }
  }
  await writeFile(at(report.files.json), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(at(report.files.markdown), `${markdownReport(report)}\n`);
  await writeFile(at(report.files.html), htmlReport(report));
  await copyFile(at(report.files.json), latestFile(outDir, report.profile.name));
}
