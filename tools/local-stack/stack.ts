import { join } from 'node:path';
import {
  createDatabaseIfMissing,
  developmentPassword,
  provisionServiceSchemas,
  serviceDatabaseUrl,
  withDatabase,
} from '@azora/database';
import { SERVICES, type ServiceName } from '@azora/routing';
import { localGatewayKind, spawnHaproxyGateway, type GatewayKind } from './haproxy-gateway.js';
import { spawnService, waitForHttp, type ServiceProcess } from './processes.js';

export type StackProcess = ServiceName | 'gateway';

export interface StackOptions {
  /** Superuser URL of the server; the stack creates and provisions `database` on it. */
  adminUrl: string;
  database: string;
  ports: Record<StackProcess, number>;
  redisUrl: string;
  natsUrl: string;
  jwtSecret: string;
  distDir: string;
  logDir: string;
  logLevel?: string;
  echo?: boolean;
  /** Extra environment per process, e.g. faster outbox polling in tests. */
  env?: Partial<Record<StackProcess, Record<string, string>>>;
  /** HAProxy or the Node gateway; default: LOCAL_GATEWAY, else HAProxy when installed. */
  gateway?: GatewayKind;
  /** Client connections the gateway must hold at once (HAProxy's maxconn); its default otherwise. */
  gatewayConnections?: number;
}

/** The three services and the gateway as separate processes, on one provisioned database. */
export class LocalStack {
  private readonly processes = new Map<StackProcess, ServiceProcess>();
  readonly gatewayKind: GatewayKind;

  constructor(readonly options: StackOptions) {
    this.gatewayKind = options.gateway ?? localGatewayKind();
  }

  get databaseAdminUrl(): string {
    return withDatabase(this.options.adminUrl, this.options.database);
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.options.ports.gateway}`;
  }

  urlFor(name: StackProcess): string {
    return `http://127.0.0.1:${this.options.ports[name]}`;
  }

  async start(): Promise<void> {
    await createDatabaseIfMissing(this.options.adminUrl, this.options.database);
    await provisionServiceSchemas(this.databaseAdminUrl, developmentPassword);
    // Services first, in parallel: each migrates its own schema on boot.
    await Promise.all(SERVICES.map((service) => this.startProcess(service)));
    await this.startProcess('gateway');
  }

  async startProcess(name: StackProcess): Promise<void> {
    if (this.processes.has(name)) return;
    const child = name === 'gateway' && this.gatewayKind === 'haproxy' ? this.spawnHaproxy() : this.spawnNode(name);
    this.processes.set(name, child);
    const probe = name === 'gateway' ? '/health/live' : '/health/ready';
    await waitForHttp(name, `${this.urlFor(name)}${probe}`, child.child);
  }

  private spawnNode(name: StackProcess): ServiceProcess {
    return spawnService({
      name,
      entry: join(this.options.distDir, 'apps', name, 'src', 'main.js'),
      env: this.envFor(name),
      logDir: this.options.logDir,
      echo: this.options.echo,
    });
  }

  private spawnHaproxy(): ServiceProcess {
    const upstreams = Object.fromEntries(SERVICES.map((service) => [service, this.urlFor(service)]));
    return spawnHaproxyGateway({
      port: this.options.ports.gateway,
      upstreams: upstreams as Record<ServiceName, string>,
      runDir: join(this.options.logDir, 'haproxy'),
      logLevel: this.options.logLevel ?? 'info',
      ...(this.options.gatewayConnections ? { clientConnections: this.options.gatewayConnections } : {}),
      logDir: this.options.logDir,
      echo: this.options.echo,
    });
  }

  /** Process ids of the running processes, e.g. to sample their CPU time and memory. */
  pids(): Partial<Record<StackProcess, number>> {
    return Object.fromEntries([...this.processes].map(([name, process]) => [name, process.child.pid]));
  }

  async stopProcess(name: StackProcess): Promise<void> {
    await this.processes.get(name)?.stop();
    this.processes.delete(name);
  }

  async stop(): Promise<void> {
    await this.stopProcess('gateway');
    await Promise.all(SERVICES.map((service) => this.stopProcess(service)));
  }

  private envFor(name: StackProcess): Record<string, string> {
    const common = { LOG_LEVEL: this.options.logLevel ?? 'info', PORT: String(this.options.ports[name]) };
    const extra = this.options.env?.[name] ?? {};
    if (name === 'gateway') {
      return {
        ...common,
        AUTH_URL: this.urlFor('auth'),
        COURSE_URL: this.urlFor('course'),
        PAYMENT_URL: this.urlFor('payment'),
        ...extra,
      };
    }
    return {
      ...common,
      DATABASE_URL: serviceDatabaseUrl(this.databaseAdminUrl, name, developmentPassword(name)),
      REDIS_URL: this.options.redisUrl,
      NATS_URL: this.options.natsUrl,
      JWT_SECRET: this.options.jwtSecret,
      ...extra,
    };
  }
}
