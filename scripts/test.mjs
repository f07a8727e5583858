// Runs the whole suite (unit, infra, integration, e2e) and closes with "N passed, N failed",
// read from Vitest's JSON report so the count is the runner's own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const report = '.run/vitest-report.json';
mkdirSync('.run', { recursive: true });
rmSync(report, { force: true });

const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });

let summary;
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error('no test report was written');
  console.log('0 passed, 1 failed');
  process.exit(run.status || 1);
}
const skipped = summary.numPendingTests + summary.numTodoTests;
console.log(`${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status ?? 1);
