import pg from 'pg';
import { createClient } from '@redis/client';
import { TEST_ADMIN_URL, TEST_REDIS_URL } from './env.js';

/** Fails fast, with a clear message, when the machine's PostgreSQL or Redis is not running. */
export default async function globalSetup(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_ADMIN_URL });
  await client.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${TEST_ADMIN_URL}: ${error.message}`);
  });
  await client.end();
  const redis = createClient({ url: TEST_REDIS_URL });
  await redis.connect().catch((error: Error) => {
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}: ${error.message}`);
  });
  await redis.close();
}
