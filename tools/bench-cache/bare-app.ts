import { Controller, Get, Module, Res, type DynamicModule } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** What the bare app serves: one body, byte for byte, with the headers the course service sent with it. */
export interface BareFixture {
  /** Base64 of the identity body. */
  body: string;
  headers: Record<string, string>;
}

/**
 * The yardstick: NestJS on Fastify with nothing else (no pipes, guards, interceptors, hooks, logging
 * or metrics), answering `GET /api/courses` with the same bytes from memory.
 */
export function bareModule(fixture: BareFixture): DynamicModule {
  const body = Buffer.from(fixture.body, 'base64');
  const headers = Object.entries(fixture.headers);

  @Controller('api/courses')
  class BareCatalogController {
    @Get()
    page(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
      for (const [name, value] of headers) void reply.header(name, value);
      return body;
    }
  }

  @Module({ controllers: [BareCatalogController] })
  class BareModule {}

  return { module: BareModule };
}
