import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CacheModule } from '@nestjs/cache-manager';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import { CACHE_SETTINGS, cacheSettings, type CacheSettings } from './cache-settings.js';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { EarlyCachedHits } from './early-cached-hits.js';
import { ResponseCacheInterceptor } from './response-cache.interceptor.js';
import { VersionedCache } from './versioned-cache.js';

/** The default namespace; `CACHE_NAMESPACE` sets the one in use. */
export const KEY_PREFIX = 'azora';

function createStore(connection: RedisConnection, namespace: string): Keyv {
  if (!connection.client) return new Keyv({ namespace });
  const adapter = new KeyvRedis(connection.client, { namespace, keyPrefixSeparator: ':', throwOnErrors: true });
  return new Keyv({ store: adapter, namespace, useKeyPrefix: false });
}

@Global()
@Module({})
class RedisConnectionModule implements OnApplicationShutdown {
  constructor(@Inject(RedisConnection) private readonly connection: RedisConnection) {}

  static forRoot(options: RedisConnectionOptions): DynamicModule {
    return {
      module: RedisConnectionModule,
      providers: [
        { provide: RedisConnection, useFactory: () => RedisConnection.connect(options) },
        { provide: CACHE_SETTINGS, inject: [APP_CONFIG], useFactory: (config: BaseEnv) => cacheSettings(config) },
      ],
      exports: [RedisConnection, CACHE_SETTINGS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Global()
@Module({ providers: [VersionedCache], exports: [VersionedCache] })
class VersionedCacheModule {}

/**
 * Redis through cache-manager with Keyv's Redis store, shared by every module of a service.
 * `VersionedCache` (versioned keys, single-flight, circuit breaker) is the way in for the data and
 * response layers; `CACHE_MANAGER` (from @nestjs/cache-manager) is the raw store. TTLs are milliseconds.
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
          inject: [RedisConnection, CACHE_SETTINGS],
          useFactory: (redis: RedisConnection, settings: CacheSettings) => ({
            stores: [createStore(redis, settings.namespace)],
          }),
        }),
        VersionedCacheModule,
      ],
      exports: [connection],
    };
  }
}

/** The API response layer for a service's `@CachedResponse` routes (see ResponseCacheInterceptor). */
@Module({
  imports: [DiscoveryModule],
  providers: [EarlyCachedHits, ResponseCacheInterceptor, { provide: APP_INTERCEPTOR, useExisting: ResponseCacheInterceptor }],
})
export class ResponseCacheModule {}
