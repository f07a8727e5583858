import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

/** The command's complaints, or '' when it passes. */
async function complaints(args: string[]): Promise<string> {
  try {
    await run('npx', args, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`.trim() || String(error);
  }
}

/** CI runs only `npm test`, so the type-check and the bug-finding lint rules live inside it. */
describe('static checks', () => {
  it('type-checks the whole repository', async () => {
    expect(await complaints(['tsc', '-p', 'tsconfig.json', '--noEmit'])).toBe('');
  }, 180_000);

  it('is formatted with Prettier', async () => {
    expect(await complaints(['prettier', '--check', '.', '--log-level', 'warn'])).toBe('');
  }, 60_000);

  it('passes ESLint with zero warnings', async () => {
    expect(await complaints(['eslint', '.', '--max-warnings', '0'])).toBe('');
  }, 180_000);
});
