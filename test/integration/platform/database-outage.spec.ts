import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeError } from '@azora/errors';
import { TEST_ADMIN_URL } from '../../support/env.js';

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );

describe('database outages on a real PostgreSQL are 503s to retry, not 500s', () => {
  it('an exhausted pool: every connection busy for the whole wait', async () => {
    const pool = new pg.Pool({ connectionString: TEST_ADMIN_URL, max: 1, connectionTimeoutMillis: 200 });
    const held = await pool.connect();
    try {
      const error = await failureOf(pool.query('SELECT 1'));
      expect(describeError(error)).toMatchObject({ statusCode: 503, code: 'DATABASE.BUSY' });
    } finally {
      held.release();
      await pool.end();
    }
  });

  it('a connection the server terminates mid-query', async () => {
    const victim = new pg.Client({ connectionString: TEST_ADMIN_URL });
    const admin = new pg.Client({ connectionString: TEST_ADMIN_URL });
    await Promise.all([victim.connect(), admin.connect()]);
    victim.on('error', () => undefined);
    try {
      const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const running = failureOf(victim.query('SELECT pg_sleep(5)'));
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      expect(describeError(await running)).toMatchObject({ statusCode: 503, code: 'DATABASE.UNAVAILABLE' });
    } finally {
      await Promise.all([victim.end().catch(() => undefined), admin.end()]);
    }
  });
});
