import { Controller, Get, UseGuards, type CanActivate } from '@nestjs/common';
import { MetadataScanner, Reflector, type DiscoveryService } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { CachedResponse } from './cached-response.decorator.js';
import type { CacheSettings } from './cache-settings.js';
import type { EarlyCachedHits } from './early-cached-hits.js';
import { ResponseCacheInterceptor } from './response-cache.interceptor.js';
import type { VersionedCache } from './versioned-cache.js';

class SomeGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Controller()
class Undeclared {
  @Get('me')
  @UseGuards(SomeGuard)
  @CachedResponse({ versions: () => ['x'] })
  me(): string {
    return 'me';
  }
}

@Controller()
class Declared {
  @Get('me')
  @UseGuards(SomeGuard)
  @CachedResponse({ perUser: true, versions: () => ['x'] })
  me(): string {
    return 'me';
  }

  @Get('public')
  @CachedResponse({ versions: () => ['x'] })
  open(): string {
    return 'public';
  }
}

const boot = (controller: new () => object): void => {
  const discovery = { getControllers: () => [{ instance: new controller(), metatype: controller, name: controller.name }] };
  new ResponseCacheInterceptor(
    new Reflector(),
    {} as VersionedCache,
    discovery as unknown as DiscoveryService,
    new MetadataScanner(),
    {} as CacheSettings,
    {} as EarlyCachedHits,
  ).onModuleInit();
};

describe('ResponseCacheInterceptor at boot', () => {
  it('refuses a cached route that reads the caller without perUser or anonymousOnly', () => {
    expect(() => boot(Undeclared)).toThrow(/reads the caller's identity/);
    expect(() => boot(Declared)).not.toThrow();
  });
});
