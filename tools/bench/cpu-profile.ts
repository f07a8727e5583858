/**
 * CPU profiles of the stack's Node processes over the steady window only, through the inspector
 * (`--inspect` on a loopback port, Chrome DevTools protocol over WebSocket): what each process spent
 * its CPU on, by package and by function. Sampling costs a little CPU itself, so --cpu-prof runs
 * are for finding where time goes, not for the budgets.
 */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface HotSpot {
  name: string;
  /** Share of the process's sampled (non-idle) time. */
  share: number;
}

export interface ProfileSummary {
  sampledMs: number;
  byPackage: HotSpot[];
  byFunction: HotSpot[];
}

class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }

  static async connect(port: number): Promise<Inspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', reject, { once: true });
    });
    return new Inspector(socket);
  }

  call<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve) => this.pending.set(id, (result) => resolve(result as T)));
  }

  close(): void {
    this.socket.close();
  }
}

/** Starts sampling in every process now; the returned function stops and collects the profiles. */
export async function startProfiling(ports: Record<string, number>): Promise<() => Promise<Record<string, CpuProfile>>> {
  const inspectors = await Promise.all(
    Object.entries(ports).map(async ([name, port]) => {
      const inspector = await Inspector.connect(port);
      await inspector.call('Profiler.enable');
      await inspector.call('Profiler.setSamplingInterval', { interval: 1000 });
      await inspector.call('Profiler.start');
      return [name, inspector] as const;
    }),
  );
  return async () => {
    const profiles: Record<string, CpuProfile> = {};
    for (const [name, inspector] of inspectors) {
      profiles[name] = (await inspector.call<{ profile: CpuProfile }>('Profiler.stop')).profile;
      inspector.close();
    }
    return profiles;
  };
}

const IDLE = new Set(['(idle)', '(program)']);

/** Where a frame's code lives: an npm package, one of ours (apps/x, libs/x), Node itself, or the VM. */
export function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (npm) return npm[1]!;
  const ours = /\/(apps|libs|tools)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url.startsWith('node:') ? 'node (core)' : url;
}

function top(totals: Map<string, number>, all: number, count: number): HotSpot[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => ({ name, share: hits / all }));
}

/** Self time by package and by function, as shares of the process's busy samples. */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    if (hits === 0 || IDLE.has(node.callFrame.functionName)) continue;
    busy += hits;
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
    const fn = `${node.callFrame.functionName || '(anonymous)'} (${pkg})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const durationMs = (profile.endTime - profile.startTime) / 1000;
  return {
    sampledMs: total > 0 ? (durationMs * busy) / total : 0,
    byPackage: top(byPackage, Math.max(1, busy), 12),
    byFunction: top(byFunction, Math.max(1, busy), 15),
  };
}
