import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Module,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  UnauthorizedException,
} from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfigModule, BaseEnv, loadConfig } from '@azora/config';
import { PublicCache } from '@azora/http-cache';
import { LoggingModule } from '@azora/logging';
import { MetricsModule } from '@azora/metrics';
import { bootTestService } from '../../support/service-app.js';
import { seededCatalogPages } from './catalog-page.js';

/** A JSON body of exactly `bytes` bytes (at least 12). */
export function jsonOfSize(bytes: number): Record<string, string> {
  const body = { pad: 'x'.repeat(bytes - '{"pad":""}'.length) };
  if (Buffer.byteLength(JSON.stringify(body)) !== bytes) throw new Error(`cannot build a ${bytes}-byte body`);
  return body;
}

/** Text that compresses about as well as ordinary JSON: words, not one repeated character. */
function prose(bytes: number): string {
  const words = ['course', 'lesson', 'learn', 'step', 'exercise', 'project', 'practice', 'guide', 'topic', 'level'];
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += `${words[(i * 7) % words.length]} ${i} `;
  return text.slice(0, bytes);
}

const SMALL = { kind: 'small', text: prose(470) };
const LARGE = { kind: 'large', text: prose(20_000) };
export const CATALOG_PAGES = seededCatalogPages(3);

@Controller('http-test')
class HttpTestController {
  @Get('small')
  @PublicCache(60)
  small(): object {
    return SMALL;
  }

  @Get('large')
  @PublicCache(60)
  large(): object {
    return LARGE;
  }

  @Get('sized')
  sized(@Query('bytes', ParseIntPipe) bytes: number): object {
    return jsonOfSize(bytes);
  }

  @Get('catalog/:page')
  @PublicCache(60)
  catalog(@Param('page', ParseIntPipe) page: number): object {
    const body = CATALOG_PAGES[page];
    if (body === undefined) throw new NotFoundException();
    return body;
  }

  /** The same bodies as `catalog/:page`, undecorated: `private, no-store`, compressed per request. */
  @Get('catalog-private/:page')
  catalogPrivate(@Param('page', ParseIntPipe) page: number): object {
    const body = CATALOG_PAGES[page];
    if (body === undefined) throw new NotFoundException();
    return body;
  }

  /** Public, but shows the caller more when it knows who it is (like a course detail page). */
  @Get('public-or-mine')
  @PublicCache(60)
  publicOrMine(@Headers('authorization') authorization: string | undefined): object {
    return { ...LARGE, viewer: authorization ? 'someone' : 'anonymous' };
  }

  /** User data: no decorator, so `private, no-store` whoever asks. */
  @Get('me')
  me(@Headers('authorization') authorization: string | undefined): object {
    if (!authorization) throw new UnauthorizedException();
    return { ...LARGE, viewer: authorization };
  }

  @Post('items')
  @HttpCode(201)
  create(@Body() body: unknown): object {
    return { created: body };
  }

  @Get('boom')
  @PublicCache(60)
  boom(): never {
    throw new Error('deliberate failure');
  }
}

/** Stands in for the course service's catalog, where the gateway's route table sends `/api/courses`. */
@Controller('courses')
class CatalogStandInController {
  @Get()
  @PublicCache(60)
  list(): object {
    return CATALOG_PAGES[0]!;
  }
}

/** Stands in for the health controller: a route outside `/api` (createServiceApp excludes `health/live`). */
@Controller('health')
class FakeHealthController {
  @Get('live')
  live(): object {
    return { status: 'ok' };
  }
}

const CONTROLLERS = [HttpTestController, CatalogStandInController, FakeHealthController];

@Module({
  imports: [
    LoggingModule.forRoot({ service: 'http-test', version: '0.0.0', level: 'silent' }),
    MetricsModule.forRoot('http-test'),
  ],
  controllers: CONTROLLERS,
})
class HttpTestModule {}

/**
 * The test module booted exactly as a service is (`createServiceApp`), driven with `inject()`.
 * With `env`, the app also gets a service configuration loaded from it (`HTTP_COMPRESSION_ENABLED`…).
 */
export function bootHttpTestApp(env?: Record<string, string>): Promise<NestFastifyApplication> {
  if (!env) return bootTestService(HttpTestModule, { identity: { name: 'http-test', version: '0.0.0' } });
  @Module({ imports: [HttpTestModule, AppConfigModule.forRoot(loadConfig(BaseEnv, env))] })
  class ConfiguredHttpTestModule {}
  return bootTestService(ConfiguredHttpTestModule, { identity: { name: 'http-test', version: '0.0.0' } });
}
