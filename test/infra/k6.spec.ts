// The k6 load test (k6/) cannot run here (no k6 binary, no cluster), so it is checked offline: here,
// that it type-checks against @types/k6; in test/integration/k6/k6-routes.spec.ts, that every route
// it calls is one the apps really register (they are booted there, which needs PostgreSQL and Redis).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('k6 load test', () => {
  it('type-checks against @types/k6 (npx tsc -p k6/tsconfig.json --noEmit)', () => {
    const tsc = spawnSync('npx', ['tsc', '-p', 'k6/tsconfig.json', '--noEmit'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(tsc.error).toBeUndefined();
    expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe('');
    expect(tsc.status).toBe(0);
  });
});
