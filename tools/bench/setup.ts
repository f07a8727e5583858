import { discoverCourses } from './flows/catalog.js';
import type { SetupData } from './flows/context.js';
import type { LoadProfile } from './profiles.js';
import { usersPerFlow } from './profiles.js';
import type { Recorder } from './recorder.js';
import { newRunId, registerConcurrency, registerUsers } from './users.js';
import type { Credentials, SessionStore } from './session.js';
import { VuClient } from './vu-client.js';

export interface PoolSize {
  shared: number;
  payers: number;
}

/** Paying VUs get users of their own up to the profile's cap; the others share a smaller pool. */
export function poolSize(profile: LoadProfile): PoolSize {
  const vus = usersPerFlow(profile.users);
  return {
    payers: Math.min(vus.payment, profile.payingUsers),
    shared: Math.min(vus.enrollment + vus.auth, profile.sharedUsers),
  };
}

/**
 * k6's setup() through the API only: finds free and paid courses in the catalog and registers the
 * user pool (`previous` reuses the pool of the first run of a --compare).
 */
export async function prepareRun(
  gatewayUrl: string,
  profile: LoadProfile,
  recorder: Recorder,
  sessions: SessionStore,
  log: (line: string) => void,
  previous?: SetupData,
): Promise<SetupData> {
  const clients = Array.from({ length: registerConcurrency }, () => new VuClient(gatewayUrl, recorder, 'setup', 60_000));
  try {
    const courses = await discoverCourses(clients[0]!);
    if (courses.free.length === 0 || courses.paid.length === 0) {
      throw new Error(`the catalog needs free and paid courses (found ${courses.free.length} free, ${courses.paid.length} paid)`);
    }
    const data = previous
      ? { ...previous, freeCourseIds: courses.free, paidCourseIds: courses.paid }
      : { ...(await registerPool(clients, profile, log)), freeCourseIds: courses.free, paidCourseIds: courses.paid };
    await signIn(clients, sessions, [...data.payers, ...data.users], log);
    return data;
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

/**
 * Each pool user signs in once before the load, as users who open the app already signed in: a
 * thousand VUs starting within a minute would otherwise queue behind a burst of argon2id
 * verifications (about 0.2 CPU-seconds each here) that no real audience sends at once.
 */
async function signIn(
  clients: VuClient[],
  sessions: SessionStore,
  users: Credentials[],
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    clients.map(async (api) => {
      while (next < users.length) if ((await sessions.token(api, users[next++]!)) === null) failed += 1;
    }),
  );
  if (failed > 0) throw new Error(`${failed} of ${users.length} test users could not sign in`);
  log(`signed in ${users.length} users in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function registerPool(
  clients: VuClient[],
  profile: LoadProfile,
  log: (line: string) => void,
): Promise<Omit<SetupData, 'freeCourseIds' | 'paidCourseIds'>> {
  const runId = newRunId();
  const size = poolSize(profile);
  const total = size.payers + size.shared;
  const started = Date.now();
  let lastLog = 0;
  const progress = (offset: number) => (done: number) => {
    if (Date.now() - lastLog < 5000 && offset + done < total) return;
    lastLog = Date.now();
    log(`registering users through the API (argon2id): ${offset + done}/${total}`);
  };
  const labels = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  const payers = await registerUsers(clients, runId, labels('p', size.payers), progress(0));
  const shared = await registerUsers(clients, runId, labels('u', size.shared), progress(size.payers));
  if (payers.length === 0 || shared.length === 0) throw new Error('could not register the test users');
  log(`registered ${payers.length + shared.length} users in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { runId, users: shared, payers };
}
