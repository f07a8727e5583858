import { Logger } from '@nestjs/common';
import { createClient, type RedisClientType } from '@redis/client';

export interface RedisConnectionOptions {
  url: string;
  memoryFallback: boolean;
  connectTimeoutMs?: number;
}

/**
 * The process's one Redis connection. When Redis is unreachable at boot and the fallback is
 * allowed (local development), `client` is undefined and callers use process memory instead.
 */
export class RedisConnection {
  private static readonly logger = new Logger('Redis');

  private constructor(readonly client: RedisClientType | undefined) {}

  static async connect(options: RedisConnectionOptions): Promise<RedisConnection> {
    const timeoutMs = options.connectTimeoutMs ?? 2000;
    const client: RedisClientType = createClient({
      url: options.url,
      // Fail commands at once while disconnected instead of queueing them behind a dead socket.
      disableOfflineQueue: true,
      socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries) => Math.min(retries * 100, 2000) },
    });
    RedisConnection.logStateChanges(client);
    const connecting = client.connect();
    const connected = await withTimeout(connecting, timeoutMs).then(
      () => true,
      () => false,
    );
    if (connected) return new RedisConnection(client);
    if (options.memoryFallback) {
      client.destroy();
      RedisConnection.logger.warn(`Redis is unreachable at ${redactUrl(options.url)}: falling back to process memory`);
      return new RedisConnection(undefined);
    }
    // Production: start anyway and keep reconnecting; readiness reports Redis down until it is back.
    connecting.catch(() => undefined);
    RedisConnection.logger.error(`Redis is unreachable at ${redactUrl(options.url)}: reconnecting`);
    return new RedisConnection(client);
  }

  private static logStateChanges(client: RedisClientType): void {
    let healthy = true;
    client.on('error', (error: Error) => {
      if (healthy) RedisConnection.logger.warn(`Redis connection lost: ${error.message}`);
      healthy = false;
    });
    client.on('ready', () => {
      if (!healthy) RedisConnection.logger.log('Redis connection restored');
      healthy = true;
    });
  }

  get isMemoryFallback(): boolean {
    return this.client === undefined;
  }

  async ping(): Promise<void> {
    if (!this.client) return;
    await this.client.ping();
  }

  async close(): Promise<void> {
    if (this.client?.isReady) await this.client.close();
    else if (this.client?.isOpen) this.client.destroy();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
