import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHaproxyConfig, type HaproxyGatewayConfig } from '../../apps/gateway/src/haproxy/haproxy-config.js';
import { spawnService, type ServiceProcess } from './processes.js';

export type GatewayKind = 'haproxy' | 'node';

/** Where Debian and source installs put it, as dependencies.ts lists redis-server and nats-server. */
const HAPROXY_BINARIES = ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/bin/haproxy'];

/** The haproxy binary: HAPROXY_BIN when set, else the first of the usual paths that exists. */
export function findHaproxy(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.HAPROXY_BIN ? [env.HAPROXY_BIN] : HAPROXY_BINARIES;
  return candidates.find((path) => existsSync(path));
}

/**
 * LOCAL_GATEWAY=haproxy|node picks the local gateway; unset, HAProxy when it is installed: it spends
 * a third of the Node gateway's CPU per request in the load-1000 mix, which matters when everything
 * shares two cores.
 */
export function localGatewayKind(env: NodeJS.ProcessEnv = process.env): GatewayKind {
  const chosen = env.LOCAL_GATEWAY ?? 'auto';
  if (chosen === 'node') return 'node';
  if (chosen === 'haproxy') {
    if (!findHaproxy(env))
      throw new Error('LOCAL_GATEWAY=haproxy, but no haproxy binary was found (install haproxy or set HAPROXY_BIN)');
    return 'haproxy';
  }
  if (chosen !== 'auto') throw new Error(`LOCAL_GATEWAY must be haproxy, node or auto, got "${chosen}"`);
  return findHaproxy(env) ? 'haproxy' : 'node';
}

/** What a report names as the gateway: HAProxy with its version, or the Node gateway. */
export function describeGateway(kind: GatewayKind): string {
  if (kind === 'node') return 'Node gateway (Fastify, @fastify/reply-from)';
  const binary = findHaproxy();
  const printed = binary ? spawnSync(binary, ['-v'], { encoding: 'utf8' }).stdout : '';
  return /HAProxy version [\d.]+/.exec(printed)?.[0] ?? 'HAProxy';
}

export interface HaproxyGatewayOptions extends HaproxyGatewayConfig {
  /** Where the rendered configuration is written. */
  runDir: string;
  logDir: string;
  echo?: boolean;
}

/** HAProxy in the foreground as the stack's gateway process: stopped by its PID like every other process. */
export function spawnHaproxyGateway(options: HaproxyGatewayOptions): ServiceProcess {
  const binary = findHaproxy();
  if (!binary) throw new Error('haproxy is not installed: install it, or set LOCAL_GATEWAY=node');
  mkdirSync(options.runDir, { recursive: true });
  const configPath = join(options.runDir, 'haproxy.cfg');
  writeFileSync(configPath, renderHaproxyConfig(options));
  return spawnService({
    name: 'gateway',
    command: [binary, '-db', '-f', configPath],
    env: {},
    logDir: options.logDir,
    echo: options.echo,
  });
}
