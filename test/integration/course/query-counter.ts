import { AsyncLocalStorage } from 'node:async_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { vi } from 'vitest';
import { DataSource, type QueryRunner } from 'typeorm';

// Statements are attributed to the work that issued them: timers of background workers (such as
// payment's outbox relay polling) run in their own async context and are not counted.
const recording = new AsyncLocalStorage<string[]>();

/** The SQL statements the service sends on behalf of `work` (guards against N+1 regressions). */
export async function recordQueries(app: NestFastifyApplication, work: () => Promise<unknown>): Promise<string[]> {
  const dataSource = app.get(DataSource);
  const create = dataSource.createQueryRunner.bind(dataSource);
  const statements: string[] = [];
  const spy = vi.spyOn(dataSource, 'createQueryRunner').mockImplementation((mode) => {
    const runner: QueryRunner = create(mode);
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    runner.query = ((...args: unknown[]) => {
      recording.getStore()?.push(String(args[0]));
      return query(...args);
    }) as QueryRunner['query'];
    return runner;
  });
  try {
    // Awaited inside the scope: `app.inject()` returns a lazy thenable that only starts when awaited.
    await recording.run(statements, async () => {
      await work();
    });
  } finally {
    spy.mockRestore();
  }
  return statements;
}

/** How many SQL statements the service sends on behalf of `work`. */
export async function countQueries(app: NestFastifyApplication, work: () => Promise<unknown>): Promise<number> {
  return (await recordQueries(app, work)).length;
}
