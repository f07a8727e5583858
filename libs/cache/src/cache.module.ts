import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.js';

export const KEY_PREFIX = 'azora';

function createStore(connection: RedisConnection): Keyv {
  if (!connection.client) return new Keyv({ namespace: KEY_PREFIX });
  const adapter = new KeyvRedis(connection.client, { namespace: KEY_PREFIX, throwOnErrors: true });
  return new Keyv({ store: adapter, namespace: KEY_PREFIX, useKeyPrefix: false });
}

@Global()
@Module({})
class RedisConnectionModule implements OnApplicationShutdown {
  constructor(@Inject(RedisConnection) private readonly connection: RedisConnection) {}

  static forRoot(options: RedisConnectionOptions): DynamicModule {
    return {
      module: RedisConnectionModule,
      providers: [{ provide: RedisConnection, useFactory: () => RedisConnection.connect(options) }],
      exports: [RedisConnection],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Redis through cache-manager with Keyv's Redis store, shared by every module of a service.
 * `CACHE_MANAGER` (from @nestjs/cache-manager) is the way in; TTLs are milliseconds.
 */
@Module({})
export class RedisCacheModule {
  static forRoot(options: RedisConnectionOptions): DynamicModule {
    const connection = RedisConnectionModule.forRoot(options);
    return {
      module: RedisCacheModule,
      imports: [
        connection,
        CacheModule.registerAsync({
          isGlobal: true,
          imports: [connection],
          inject: [RedisConnection],
          useFactory: (redis: RedisConnection) => ({ stores: [createStore(redis)] }),
        }),
      ],
      exports: [connection],
    };
  }
}
