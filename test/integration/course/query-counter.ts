import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { vi } from 'vitest';
import { DataSource, type QueryRunner } from 'typeorm';

/** How many SQL statements the service sends while `work` runs (guards against N+1 regressions). */
export async function countQueries(app: NestFastifyApplication, work: () => Promise<unknown>): Promise<number> {
  const dataSource = app.get(DataSource);
  const create = dataSource.createQueryRunner.bind(dataSource);
  let count = 0;
  const spy = vi.spyOn(dataSource, 'createQueryRunner').mockImplementation((mode) => {
    const runner: QueryRunner = create(mode);
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    runner.query = ((...args: unknown[]) => {
      count++;
      return query(...args);
    }) as QueryRunner['query'];
    return runner;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return count;
}
