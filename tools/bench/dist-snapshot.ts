import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A private copy of dist/ for the run's services: other work on the machine (a test run's build)
 * may wipe and rebuild dist/ while the bench starts its second stack. Inside the repository, so
 * the services still resolve node_modules.
 */
export function snapshotDist(repoRoot: string): { dir: string; remove(): Promise<void> } {
  const dir = join(repoRoot, '.data', 'bench', `dist-${process.pid}`);
  cpSync(join(repoRoot, 'dist'), dir, { recursive: true });
  return { dir, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}
