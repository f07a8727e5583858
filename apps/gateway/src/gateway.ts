import replyFrom from '@fastify/reply-from';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { describeError, INTERNAL_ERROR } from '@azora/errors';
import { generateRequestId } from '@azora/logging';
import { ROUTE_TABLE, SERVICES, type ServiceName } from '@azora/routing';
import type { GatewayEnv } from './gateway.env.js';

export const GATEWAY_BODY_LIMIT = 1024 * 1024;
/** Requests in flight per service; the rest wait in order (Envoy's circuit breakers do the same in a cluster). */
export const UPSTREAM_CONCURRENCY = 128;

const upstreamOf = (config: GatewayEnv, service: ServiceName): string =>
  ({ auth: config.AUTH_URL, course: config.COURSE_URL, payment: config.PAYMENT_URL })[service];

function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const described = describeError(error) ?? INTERNAL_ERROR;
  void reply.status(described.statusCode).send({ ...described, requestId: request.id });
}

/** Passes the bytes through untouched; reply-from would otherwise re-encode JSON bodies. */
function rawBody(request: FastifyRequest): { body?: Buffer; contentType?: string } {
  if (!Buffer.isBuffer(request.body)) return {};
  return { body: request.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' };
}

/** One encapsulated scope per service: its own upstream pool, the prefixes the route table gives it. */
function registerService(app: FastifyInstance, service: ServiceName, base: string): void {
  const prefixes = ROUTE_TABLE.filter((rule) => rule.service === service).map((rule) => rule.pathPrefix);
  void app.register(async (scope) => {
    await scope.register(replyFrom, { base, undici: { connections: UPSTREAM_CONCURRENCY, pipelining: 1 } });
    const forward = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
      reply.from(request.url, {
        ...rawBody(request),
        rewriteRequestHeaders: (_, headers) => ({ ...headers, 'x-request-id': request.id, 'x-forwarded-host': request.hostname }),
        onError: (errorReply) => {
          const unreachable = {
            statusCode: 502,
            code: 'GATEWAY.UPSTREAM_UNAVAILABLE',
            message: `The ${service} service is unavailable`,
          };
          void errorReply.status(502).send({ ...unreachable, requestId: request.id });
        },
      });
    for (const prefix of prefixes) scope.all(prefix, forward).all(`${prefix}/*`, forward);
  });
}

/**
 * The local stand-in for the cluster's Gateway API: path prefix → service, from the one route table.
 * Bodies pass through as raw bytes; the size limit is enforced here as at the edge.
 */
export function buildGateway(config: GatewayEnv, logger: boolean | object = false): FastifyInstance {
  const app = Fastify({ logger, bodyLimit: GATEWAY_BODY_LIMIT, genReqId: generateRequestId, trustProxy: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ statusCode: 404, code: 'GATEWAY.NO_ROUTE', message: 'No route for this path', requestId: request.id }),
  );
  app.get('/health/live', async () => ({ status: 'ok' }));
  for (const service of SERVICES) registerService(app, service, upstreamOf(config, service));
  return app;
}
