import type { SessionStore, Credentials } from '../session.js';
import type { VuClient } from '../vu-client.js';

/** What setup() hands the VUs, as in k6/lib/setup.js. */
export interface SetupData {
  runId: string;
  /** Shared round-robin by the enrollment and auth VUs. */
  users: Credentials[];
  /** Paying users; each checks out one cart at a time. */
  payers: Credentials[];
  freeCourseIds: string[];
  paidCourseIds: string[];
}

export interface FlowContext {
  api: VuClient;
  data: SetupData;
  sessions: SessionStore;
  /** Index of this VU among the VUs of its flow. */
  vu: number;
  reloginEvery: number;
  /** Sleeps `mean` seconds ± 50 % (scaled); throws Stopped once the run is over. */
  think(mean: number): Promise<void>;
}

/** One iteration of a flow; the closure keeps the VU's own state between iterations. */
export type Iteration = () => Promise<void>;

/** Thrown by think() when the run ends: the VU stops at its next pause, like k6's graceful stop. */
export class Stopped extends Error {}

export const sharedUser = (ctx: FlowContext): Credentials => ctx.data.users[ctx.vu % ctx.data.users.length]!;

/** After a 401 the user's token is dropped: the next call logs in again. */
export function forgetOn401(ctx: FlowContext, user: Credentials, status: number): void {
  if (status === 401) ctx.sessions.forget(user.email);
}
