import { join } from 'node:path';
import {
  createDatabaseIfMissing,
  developmentPassword,
  dropDatabase,
  provisionServiceSchemas,
  withDatabase,
} from '@azora/database';
import { SERVICES, type ServiceName } from '@azora/routing';
import { topologyUp, waitForReplication } from '../db-topology/topology.js';
import { freePort, PRIVATE_NATS, PRIVATE_REDIS, startPrivateServer, type PrivateProcess } from '../local-stack/dependencies.js';
import { seedDemoData } from '../local-stack/seed.js';
import { localGatewayKind } from '../local-stack/haproxy-gateway.js';
import { LocalStack, type StackProcess } from '../local-stack/stack.js';
import { productionEnv, randomJwtSecret, serviceEnv } from './environment.js';
import type { Mode } from './options.js';
import { alive, type KeptStack } from './stack-state.js';

export type Log = (line: string) => void;
export type SampledProcess = StackProcess | 'redis' | 'nats';

export interface RunningStack {
  mode: Mode;
  database: string;
  gatewayUrl: string;
  serviceUrls: Record<StackProcess, string>;
  pids: Partial<Record<SampledProcess, number>>;
  reused: boolean;
  /** Inspector ports of the Node processes, when started with `inspect`. */
  inspectPorts?: Partial<Record<StackProcess, number>>;
  /** Stops the processes this invocation started (the database stays: see dropBenchDatabase). */
  stop(): Promise<void>;
  describe(): KeptStack;
}

export interface StackPlan {
  mode: Mode;
  database: string;
  repoRoot: string;
  /** The built services to run (a snapshot of dist/). */
  distDir: string;
  /** Open an inspector port per Node process, for CPU profiles. */
  inspect: boolean;
  /** Virtual users: each holds a connection to the gateway. */
  users: number;
  log: Log;
}

/** The replica topology up, and the bench's database on it: provisioned, seeded, replicated. */
export async function prepareDatabase(plan: StackPlan): Promise<string> {
  const { info } = await topologyUp(plan.log);
  await createDatabaseIfMissing(info.primaryAdminUrl, plan.database);
  await provisionServiceSchemas(withDatabase(info.primaryAdminUrl, plan.database), developmentPassword);
  await waitForReplication();
  return info.primaryAdminUrl;
}

function localStack(
  plan: StackPlan,
  adminUrl: string,
  ports: Record<StackProcess, number>,
  inspectPorts: Partial<Record<StackProcess, number>> | undefined,
  redis: string,
  nats: string,
) {
  const inspect = (name: StackProcess): Record<string, string> =>
    inspectPorts?.[name] ? { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPorts[name]}` } : {};
  const env: Partial<Record<StackProcess, Record<string, string>>> = { gateway: { ...productionEnv(), ...inspect('gateway') } };
  for (const service of SERVICES) {
    env[service] = { ...productionEnv(), ...serviceEnv(plan.mode, plan.database, service), ...inspect(service) };
  }
  return new LocalStack({
    adminUrl,
    database: plan.database,
    ports,
    redisUrl: redis,
    natsUrl: nats,
    jwtSecret: randomJwtSecret(),
    distDir: plan.distDir,
    logDir: join(plan.repoRoot, '.data', 'bench', 'logs', `${plan.database}-${plan.mode}`),
    logLevel: 'warn',
    env,
    gatewayConnections: plan.users + 1024,
  });
}

/** An inspector port per Node process: HAProxy, when it is the gateway, has none. */
async function inspectorPorts(): Promise<Partial<Record<StackProcess, number>>> {
  const names: StackProcess[] = localGatewayKind() === 'node' ? ['gateway', ...SERVICES] : [...SERVICES];
  const ports: Partial<Record<StackProcess, number>> = {};
  for (const name of names) ports[name] = await freePort();
  return ports;
}

/**
 * Starts the production-mode stack on loopback: a private Redis and NATS (so they are measured and
 * shared with nobody), the three built services and the gateway, on free ports; then seeds the demo
 * catalog (idempotent) and waits until both replicas have it.
 */
export async function startStack(plan: StackPlan): Promise<RunningStack> {
  const adminUrl = await prepareDatabase(plan);
  const started: PrivateProcess[] = [];
  let stack: LocalStack | undefined;
  const stop = async (): Promise<void> => {
    await stack?.stop();
    await Promise.all(started.map((server) => server.stop()));
  };
  try {
    const redis = await startPrivateServer(PRIVATE_REDIS, await freePort());
    started.push(redis);
    const nats = await startPrivateServer(PRIVATE_NATS, await freePort());
    started.push(nats);
    const ports = { gateway: await freePort(), auth: await freePort(), course: await freePort(), payment: await freePort() };
    const inspectPorts = plan.inspect ? await inspectorPorts() : undefined;
    stack = localStack(plan, adminUrl, ports, inspectPorts, redis.url, nats.url);
    plan.log(
      `starting ${plan.mode} stack: gateway :${ports.gateway}, auth :${ports.auth}, course :${ports.course}, payment :${ports.payment}`,
    );
    await stack.start();
    await seedDemoData(stack.databaseAdminUrl, plan.log);
    await waitForReplication();
    const running = stack;
    const serviceUrls = { gateway: running.gatewayUrl, ...urlsOf(running) };
    const pids = { ...running.pids(), redis: redis.pid, nats: nats.pid };
    return {
      mode: plan.mode,
      database: plan.database,
      gatewayUrl: running.gatewayUrl,
      serviceUrls,
      pids,
      reused: false,
      ...(inspectPorts ? { inspectPorts } : {}),
      stop,
      describe: () => ({ ...keptFields(plan, serviceUrls, pids), redisUrl: redis.url }),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const urlsOf = (stack: LocalStack): Record<ServiceName, string> =>
  Object.fromEntries(SERVICES.map((service) => [service, stack.urlFor(service)])) as Record<ServiceName, string>;

function keptFields(plan: StackPlan, serviceUrls: Record<StackProcess, string>, pids: RunningStack['pids']) {
  return {
    mode: plan.mode,
    database: plan.database,
    gatewayUrl: serviceUrls.gateway,
    serviceUrls,
    pids,
    startedAt: new Date().toISOString(),
  };
}

/** A stack left by `--keep`, when every process is alive, it runs in `mode` and its gateway answers. */
export async function adoptKeptStack(kept: KeptStack | undefined, mode: Mode): Promise<RunningStack | undefined> {
  if (kept === undefined || kept.mode !== mode || !Object.values(kept.pids).every(alive)) return undefined;
  const live = await fetch(`${kept.gatewayUrl}/health/live`).then(
    (response) => response.ok,
    () => false,
  );
  if (!live) return undefined;
  return { ...kept, reused: true, stop: async () => undefined, describe: () => kept };
}

/** Stops a kept stack by the process ids it recorded: the gateway first, Redis and NATS last. */
export async function stopKeptStack(kept: KeptStack): Promise<void> {
  const order: SampledProcess[] = ['gateway', 'auth', 'course', 'payment', 'redis', 'nats'];
  for (const name of order) {
    const pid = kept.pids[name];
    if (!alive(pid)) continue;
    process.kill(pid!, 'SIGTERM');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function dropBenchDatabase(database: string): Promise<void> {
  const { info } = await topologyUp();
  await dropDatabase(info.primaryAdminUrl, database);
}
