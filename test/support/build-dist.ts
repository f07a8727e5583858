import { execFileSync } from 'node:child_process';

/** End-to-end tests run the services as production does: compiled, one process each. */
export default function buildDist(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
