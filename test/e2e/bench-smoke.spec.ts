import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { topologyInfo } from '../../tools/db-topology/topology.js';
import { canConnect } from '../../tools/local-stack/dependencies.js';

const root = new URL('../..', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'azora-bench-smoke-'));
const doc = join(root, 'docs', 'PERFORMANCE.md');

interface Run {
  code: number | null;
  output: string;
}

/** The built harness (the e2e project builds dist/ first), as `npm run bench` runs it. */
function bench(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(root, 'dist/tools/bench/cli.js'), ...args],
      { cwd: root, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? (child.exitCode ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

async function benchDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: topologyInfo().primaryAdminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'azora_bench_smoke_%'",
    );
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('npm run bench -- --profile smoke', () => {
  it('runs the three flows through the production-mode stack, writes its reports and cleans up', async () => {
    const docBefore = statSync(doc).mtimeMs;
    const run = await bench(['--profile', 'smoke', '--out', outDir]);
    expect(run.code, run.output).toBe(0);

    for (const flow of ['enrollment', 'auth', 'payment'])
      expect(run.output).toMatch(new RegExp(`PASS .*${flow}: requests succeeded: [1-9]`));
    expect(run.output).toMatch(/budgets: \d+ PASS, 0 FAIL/);

    const files = readdirSync(outDir);
    for (const ext of ['.json', '.md', '.html'])
      expect(
        files.some((f) => /^\d{4}-.*Z/.test(f) && f.endsWith(ext)),
        ext,
      ).toBe(true);
    const report = JSON.parse(
      readFileSync(
        join(
          outDir,
          files.find((f) => /^\d{4}-.*\.json$/.test(f))!,
        ),
        'utf8',
      ),
    );
    for (const flow of ['enrollment', 'auth', 'payment']) expect(report.runs[0].figures.flows[flow].count).toBeGreaterThan(0);
    expect(report.runs[0].services.course.scraped).toBe(true);
    expect(
      readFileSync(
        join(
          outDir,
          files.find((f) => f.endsWith('.html'))!,
        ),
        'utf8',
      ),
    ).toContain('<svg');

    expect(statSync(doc).mtimeMs, 'smoke never rewrites docs/PERFORMANCE.md').toBe(docBefore);
    expect(await benchDatabases(), 'its database is dropped').toEqual([]);
    const ports = [...(/starting optimized stack: (.*)/.exec(run.output)?.[1] ?? '').matchAll(/:(\d+)/g)].map((m) => m[1]);
    expect(ports).toHaveLength(4);
    for (const port of ports) expect(await canConnect(`http://127.0.0.1:${port}`), `port ${port} closed`).toBe(false);
    expect(existsSync(join(root, '.data', 'bench', 'stack.json'))).toBe(false);
  }, 120_000);

  it('refuses an unknown profile with the usage and exit code 2', async () => {
    const run = await bench(['--profile', 'huge']);
    expect(run.code).toBe(2);
    expect(run.output).toContain('--profile must be one of smoke, load-100, load-1000, stress-10000');
  });
});
