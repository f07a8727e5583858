/** Load profiles of the local harness: the k6 profiles' names, sized for one machine and bounded in time. */
export type ProfileName = 'smoke' | 'load-100' | 'load-1000' | 'stress-10000';
export type Flow = 'enrollment' | 'auth' | 'payment';

export const FLOWS: readonly Flow[] = ['enrollment', 'auth', 'payment'];

/** Share of virtual users per flow, as in k6/lib/profiles.js: most browse and enroll, some sign in, few pay. */
export const FLOW_MIX: Readonly<Record<Flow, number>> = { enrollment: 0.7, auth: 0.2, payment: 0.1 };

export interface LoadProfile {
  name: ProfileName;
  description: string;
  users: number;
  /** Users start evenly spread over the ramp; figures with a budget come from the steady window after it. */
  rampSeconds: number;
  steadySeconds: number;
  /** Multiplies every think time of the flows (k6's THINK_SCALE). */
  thinkScale: number;
  /** The auth flow logs in again every N of its iterations (k6's RELOGIN_EVERY). */
  reloginEvery: number;
  /** At most this many paying users; paying VUs beyond it share them, one checkout per user at a time. */
  payingUsers: number;
  /** Users shared round-robin by the browsing and signing-in VUs. */
  sharedUsers: number;
  /** A request slower than this is aborted and counted as an error. */
  requestTimeoutMs: number;
}

export const PROFILES: Readonly<Record<ProfileName, LoadProfile>> = {
  smoke: {
    name: 'smoke',
    description: '1 user per flow for 8 s: proves the harness and every flow work, not speed',
    users: 3,
    rampSeconds: 0,
    steadySeconds: 8,
    thinkScale: 0.1,
    reloginEvery: 5,
    payingUsers: 1,
    sharedUsers: 2,
    requestTimeoutMs: 10_000,
  },
  'load-100': {
    description: '100 users: 10 s ramp, 60 s steady, k6 think times',
    name: 'load-100',
    users: 100,
    rampSeconds: 10,
    steadySeconds: 60,
    thinkScale: 1,
    reloginEvery: 200,
    payingUsers: 10,
    sharedUsers: 90,
    requestTimeoutMs: 30_000,
  },
  'load-1000': {
    name: 'load-1000',
    description: '1000 users: 45 s ramp, 90 s steady, half the k6 think times',
    users: 1000,
    rampSeconds: 45,
    steadySeconds: 90,
    thinkScale: 0.5,
    reloginEvery: 200,
    payingUsers: 100,
    sharedUsers: 100,
    requestTimeoutMs: 30_000,
  },
  'stress-10000': {
    name: 'stress-10000',
    description: '10000 users, one connection each: 60 s ramp, 60 s hold, 10× the k6 think times',
    users: 10_000,
    rampSeconds: 60,
    steadySeconds: 60,
    thinkScale: 10,
    reloginEvery: 200,
    // A user per paying VU: a VU waiting for another's checkout idles its socket, and on a slow host
    // (checkouts of 20 s at 10000 users) one checkout's wait outlasted the gateway's 72 s keep-alive.
    payingUsers: 1000,
    sharedUsers: 100,
    requestTimeoutMs: 30_000,
  },
};

export const isProfileName = (name: string): name is ProfileName => Object.hasOwn(PROFILES, name);

/** VUs of each flow: the mix applied to the total, at least one each, the rounding remainder on enrollment. */
export function usersPerFlow(total: number): Record<Flow, number> {
  const auth = Math.max(1, Math.round(total * FLOW_MIX.auth));
  const payment = Math.max(1, Math.round(total * FLOW_MIX.payment));
  return { enrollment: Math.max(1, total - auth - payment), auth, payment };
}
