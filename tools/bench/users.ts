import { randomBytes } from 'node:crypto';
import { stringField } from './json.js';
import type { Credentials } from './session.js';
import type { VuClient } from './vu-client.js';

/** Registrations in flight at once: each is an argon2id hash, which the auth service runs on its thread pool. */
const REGISTER_CONCURRENCY = 4;

export const newRunId = (): string => `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

/** Same shape as k6/lib/users.js: emails unique per run, never reused across runs. */
export function newUser(runId: string, label: string): Credentials & { name: string } {
  return { email: `bench-${runId}-${label}@example.com`, password: `Bench-load-${runId}!Pw`, name: `Load Test ${label}` };
}

/**
 * Registers `count` users through POST /api/auth/register, like k6's setup(): never in the database
 * directly, never with a weaker hash. Returns the users the API accepted.
 */
export async function registerUsers(
  clients: VuClient[],
  runId: string,
  labels: string[],
  onProgress: (done: number) => void,
): Promise<Credentials[]> {
  const registered: Credentials[] = [];
  let next = 0;
  let done = 0;
  const worker = async (api: VuClient): Promise<void> => {
    while (next < labels.length) {
      const user = newUser(runId, labels[next++]!);
      const res = await api.post('/api/auth/register', user, { name: 'register' });
      if (res.ok && stringField(res.body, 'email') === user.email)
        registered.push({ email: user.email, password: user.password });
      onProgress(++done);
    }
  };
  await Promise.all(clients.slice(0, REGISTER_CONCURRENCY).map(worker));
  return registered;
}

export const registerConcurrency = REGISTER_CONCURRENCY;
