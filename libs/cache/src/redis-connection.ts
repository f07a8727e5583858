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
    const client: RedisClientType = createClient({
      url: options.url,
      socket: { connectTimeout: options.connectTimeoutMs ?? 2000, reconnectStrategy: (retries) => Math.min(retries * 100, 2000) },
    });
    client.on('error', (error: Error) => RedisConnection.logger.warn(`Redis error: ${error.message}`));
    try {
      await withTimeout(client.connect(), options.connectTimeoutMs ?? 2000);
      return new RedisConnection(client);
    } catch (error) {
      client.destroy();
      if (!options.memoryFallback) throw error;
      RedisConnection.logger.warn(`Redis is unreachable at ${redactUrl(options.url)}: falling back to process memory`);
      return new RedisConnection(undefined);
    }
  }

  get isMemoryFallback(): boolean {
    return this.client === undefined;
  }

  async ping(): Promise<void> {
    if (!this.client) return;
    await this.client.ping();
  }

  async close(): Promise<void> {
    if (this.client?.isOpen) await this.client.close();
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
