import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { Histogram } from 'prom-client';
import { createValidationPipe, GlobalExceptionFilter } from '@azora/errors';
import { useHttpCaching } from '@azora/http-cache';
import { generateRequestId } from '@azora/logging';
import { getMetricToken, HTTP_DURATION_METRIC, observeHttpDurations } from '@azora/metrics';
import type { ServiceIdentity } from './platform.module.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
export const API_PREFIX = 'api';

export interface ServiceAppOptions {
  identity: ServiceIdentity;
  microservice?: MicroserviceOptions;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest's own module type
type RootModule = any;

/** Builds a service exactly as it runs in production; tests call this too. */
export async function createServiceApp(rootModule: RootModule, options: ServiceAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, genReqId: generateRequestId, trustProxy: true });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new GlobalExceptionFilter());
  app.enableShutdownHooks();
  // Before init(): compression is attached to each route as Nest registers it.
  await useHttpCaching(app, { apiPrefix: `/${API_PREFIX}` });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  observeHttpDurations(fastify, app.get<Histogram<string>>(getMetricToken(HTTP_DURATION_METRIC)));
  setUpOpenApi(app, options.identity);

  if (options.microservice) app.connectMicroservice(options.microservice, { inheritAppConfig: true });
  return app;
}

function setUpOpenApi(app: NestFastifyApplication, identity: ServiceIdentity): void {
  const document = new DocumentBuilder()
    .setTitle(`Azora ${identity.name} service`)
    .setVersion(identity.version)
    .addBearerAuth()
    .build();
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => SwaggerModule.createDocument(app, document));
}

export async function startServiceApp(app: NestFastifyApplication, port: number): Promise<void> {
  await app.startAllMicroservices();
  await app.listen({ port, host: '0.0.0.0' });
}
