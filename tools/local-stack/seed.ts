import argon2 from 'argon2';
import { developmentPassword, serviceDatabaseUrl, withPgClient } from '@azora/database';
import type { Role } from '@azora/auth';
import { demoCourses, insertDemoCatalog } from '../../apps/course/src/seed/demo-catalog.js';

export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'instructor@azora.dev', password: 'azora-instructor-1', name: 'Grace Instructor', role: 'instructor' },
  { email: 'student@azora.dev', password: 'azora-student-1', name: 'Alan Student', role: 'student' },
];

export const DEMO_COURSE_COUNT = 300;
const DEMO_SEED = 42;

/** Inserts the demo accounts (as the auth role) and returns the instructor's id; existing rows are kept. */
async function seedAccounts(databaseAdminUrl: string): Promise<string> {
  return withPgClient(serviceDatabaseUrl(databaseAdminUrl, 'auth', developmentPassword('auth')), async (client) => {
    for (const account of DEMO_ACCOUNTS) {
      const hash = await argon2.hash(account.password, { type: argon2.argon2id });
      await client.query(
        `INSERT INTO auth.users (email, name, password_hash, role) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING`,
        [account.email, account.name, hash, account.role],
      );
    }
    const { rows } = await client.query<{ id: string }>('SELECT id FROM auth.users WHERE email = $1', [DEMO_ACCOUNTS[0]!.email]);
    return rows[0]!.id;
  });
}

/** Idempotent demo data: two accounts and a few hundred published courses, free and paid, with lessons. */
export async function seedDemoData(databaseAdminUrl: string, log: (line: string) => void): Promise<void> {
  const instructorId = await seedAccounts(databaseAdminUrl);
  await withPgClient(serviceDatabaseUrl(databaseAdminUrl, 'course', developmentPassword('course')), async (client) => {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM course.courses WHERE instructor_id = $1', [
      instructorId,
    ]);
    if (Number(rows[0]!.count) > 0) return;
    await insertDemoCatalog(client, demoCourses(DEMO_COURSE_COUNT, instructorId, DEMO_SEED));
    log(`seeded ${DEMO_COURSE_COUNT} demo courses`);
  });
}
