import { authFlow } from './flows/auth.js';
import { Stopped, type FlowContext, type Iteration, type SetupData } from './flows/context.js';
import { enrollmentFlow } from './flows/enrollment.js';
import { PayerBook } from './flows/payers.js';
import { paymentFlow } from './flows/payment.js';
import { FLOWS, usersPerFlow, type Flow, type LoadProfile } from './profiles.js';
import { thinkMs } from './random.js';
import type { Recorder } from './recorder.js';
import type { SessionStore } from './session.js';
import { VuClient } from './vu-client.js';

/** Iterations still running this long after the end are cut off (k6's gracefulStop). */
const GRACEFUL_STOP_MS = 10_000;

export interface LoadWindow {
  /** Recorder times (ms): the first VU starts at `start`; figures with a budget come from [steadyFrom, steadyTo). */
  start: number;
  steadyFrom: number;
  steadyTo: number;
  end: number;
}

export interface Tick {
  at: number;
  phase: 'ramp' | 'steady' | 'stopping';
  activeVus: number;
  connections: number;
}

export interface RunHooks {
  tick(tick: Tick, window: LoadWindow): void;
  steadyStart(): Promise<void>;
  steadyEnd(): Promise<void>;
}

interface VirtualUser {
  flow: Flow;
  client: VuClient;
  done?: Promise<void>;
}

/** Interleaves the flows so the mix holds during the ramp: 7 enrollment, 2 auth, 1 payment, repeated. */
function schedule(total: number): { flow: Flow; index: number }[] {
  const counts = usersPerFlow(total);
  const all = FLOWS.flatMap((flow) =>
    Array.from({ length: counts[flow] }, (_, index) => ({ flow, index, key: index / counts[flow] })),
  );
  return all.sort((a, b) => a.key - b.key);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the three flows with `profile.users` virtual users, each with its own connection, started
 * evenly over the ramp, iterating with think time until the steady window ends.
 */
export class LoadRun {
  private stopping = false;
  private readonly wakers = new Set<() => void>();
  private readonly vus: VirtualUser[] = [];
  private readonly payers: PayerBook;
  readonly ticks: Tick[] = [];

  constructor(
    private readonly profile: LoadProfile,
    private readonly gatewayUrl: string,
    private readonly data: SetupData,
    private readonly recorder: Recorder,
    private readonly sessions: SessionStore,
  ) {
    this.payers = new PayerBook(data.payers);
  }

  /**
   * Ramps up, holds the steady window and stops. The hooks run at the steady window's edges (scrapes,
   * CPU marks); the window's recorded edges are the moments they ran.
   */
  async run(hooks: RunHooks): Promise<LoadWindow> {
    const start = this.recorder.now();
    const rampMs = this.profile.rampSeconds * 1000;
    const window = { start, steadyFrom: start + rampMs, steadyTo: start + rampMs + this.profile.steadySeconds * 1000, end: 0 };
    const ticker = setInterval(() => hooks.tick(this.tick(window), window), 1000);
    try {
      const plan = schedule(this.profile.users);
      for (const [k, slot] of plan.entries()) {
        const due = start + (rampMs * k) / plan.length;
        if (due > this.recorder.now() + 5) await sleep(due - this.recorder.now());
        this.launch(slot.flow, slot.index);
      }
      await sleep(Math.max(0, window.steadyFrom - this.recorder.now()));
      await hooks.steadyStart();
      window.steadyFrom = this.recorder.now();
      window.steadyTo = window.steadyFrom + this.profile.steadySeconds * 1000;
      await sleep(Math.max(0, window.steadyTo - this.recorder.now()));
      window.steadyTo = this.recorder.now();
      await hooks.steadyEnd();
      await this.stop();
    } finally {
      clearInterval(ticker);
    }
    window.end = this.recorder.now();
    return window;
  }

  private tick(window: LoadWindow): Tick {
    const at = this.recorder.now();
    const phase = this.stopping ? 'stopping' : at < window.steadyFrom ? 'ramp' : 'steady';
    const connections = this.vus.reduce((sum, vu) => sum + vu.client.connected, 0);
    const tick = { at, phase, activeVus: this.vus.length, connections } as const;
    this.ticks.push(tick);
    return tick;
  }

  private launch(flow: Flow, index: number): void {
    const client = new VuClient(this.gatewayUrl, this.recorder, flow, this.profile.requestTimeoutMs);
    const vu: VirtualUser = { flow, client };
    const ctx: FlowContext = {
      api: client,
      data: this.data,
      sessions: this.sessions,
      vu: index,
      reloginEvery: this.profile.reloginEvery,
      think: (mean) => this.think(mean),
    };
    vu.done = this.loop(this.iterationFor(flow, ctx));
    this.vus.push(vu);
  }

  private iterationFor(flow: Flow, ctx: FlowContext): Iteration {
    if (flow === 'auth') return authFlow(ctx);
    if (flow === 'enrollment') return enrollmentFlow(ctx);
    return paymentFlow(ctx, this.payers);
  }

  private async loop(iteration: Iteration): Promise<void> {
    while (!this.stopping) {
      try {
        await iteration();
      } catch (error) {
        if (error instanceof Stopped) return;
        // A bug in a flow, not a failed request: counted and shown, and the VU carries on.
        this.recorder.iterationFailed(error);
        await sleep(1000);
      }
    }
  }

  private async think(mean: number): Promise<void> {
    if (this.stopping) throw new Stopped();
    const ms = thinkMs(mean, this.profile.thinkScale);
    if (ms > 0) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.wakers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        this.wakers.add(wake);
      });
    }
    if (this.stopping) throw new Stopped();
  }

  /** Ends every VU at its next pause; iterations still busy after the grace period are cut off, uncounted. */
  private async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.wakers]) wake();
    await Promise.race([Promise.allSettled(this.vus.map((vu) => vu.done)), sleep(GRACEFUL_STOP_MS)]);
    this.recorder.closed = true;
    await Promise.all(this.vus.map((vu) => vu.client.close()));
  }
}
