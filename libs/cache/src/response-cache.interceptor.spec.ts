import { Controller, Get, Header, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { MetadataScanner, Reflector, type DiscoveryService } from '@nestjs/core';
import { of } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { CachedResponse, IdentityOnlyGuard } from './cached-response.decorator.js';
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

@IdentityOnlyGuard()
class ReadsCredentialsOnly extends SomeGuard {}

@Controller()
class EarlyCandidates {
  @Get('open')
  @CachedResponse({ versions: () => ['x'] })
  open(): string {
    return 'open';
  }

  @Get('optional')
  @UseGuards(ReadsCredentialsOnly)
  @CachedResponse({ anonymousOnly: true, versions: () => ['x'] })
  optional(): string {
    return 'optional';
  }

  @Get('throttled')
  @UseGuards(SomeGuard)
  @CachedResponse({ anonymousOnly: true, versions: () => ['x'] })
  throttled(): string {
    return 'throttled';
  }

  @Get('headed')
  @Header('x-extra', '1')
  @CachedResponse({ versions: () => ['x'] })
  headed(): string {
    return 'headed';
  }
}

describe('ResponseCacheInterceptor and early answers', () => {
  it('lets only routes without guards, or with identity-only ones, and without @Header() be answered early', async () => {
    const learn = vi.fn();
    const discovery = {
      getControllers: () => [{ instance: new EarlyCandidates(), metatype: EarlyCandidates, name: 'EarlyCandidates' }],
    };
    const cache = { getOrCompute: async () => ({ value: { status: 200, type: 'text/plain', body: 'x' }, served: 'hit' }) };
    const interceptor = new ResponseCacheInterceptor(
      new Reflector(),
      cache as unknown as VersionedCache,
      discovery as unknown as DiscoveryService,
      new MetadataScanner(),
      { responseEnabled: true, responseTtlMs: 60_000 } as CacheSettings,
      { learn, cacheFailedFor: () => false } as unknown as EarlyCachedHits,
    );
    interceptor.onModuleInit();
    const prototype = EarlyCandidates.prototype as unknown as Record<string, () => string>;
    const learned: string[] = [];
    for (const name of ['open', 'optional', 'throttled', 'headed']) {
      learn.mockClear();
      const request = { method: 'GET', url: `/${name}`, headers: {}, params: {}, routeOptions: { url: `/${name}` } };
      const reply = { header: () => reply, status: () => reply, getHeader: () => undefined };
      const context = {
        getType: () => 'http',
        getHandler: () => prototype[name],
        switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
      } as unknown as ExecutionContext;
      await new Promise((resolve) =>
        interceptor.intercept(context, { handle: () => of(name) }).subscribe({ complete: () => resolve(null) }),
      );
      if (learn.mock.calls.length > 0) learned.push(name);
    }
    expect(learned).toEqual(['open', 'optional']);
  });
});
