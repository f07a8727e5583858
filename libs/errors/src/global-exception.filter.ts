import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { describeError, INTERNAL_ERROR, type ErrorBody } from './error-body.js';
import { RpcExceptionFilter } from './rpc-exception.filter.js';

export const RETRY_AFTER_SECONDS = 2;

/**
 * Every HTTP error leaves as `{ statusCode, code, message, requestId }`; unknown errors are logged
 * 500s. Message handlers (the microservice inherits this filter) get `RpcExceptionFilter` replies.
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(GlobalExceptionFilter.name);
  private readonly rpc = new RpcExceptionFilter();

  catch(error: unknown, host: ArgumentsHost): Observable<unknown> | void {
    if (host.getType() === 'rpc') return this.rpc.catch(error, host);
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const described = describeError(error);
    if (!described) this.logger.error({ err: error, requestId: request.id }, 'Unhandled error');
    // With the error itself: a pool that stays exhausted may be a leak, not load.
    else if (described.code.startsWith('DATABASE.'))
      this.logger.warn({ err: error, code: described.code, requestId: request.id }, described.message);
    const body: ErrorBody = { ...(described ?? INTERNAL_ERROR), requestId: String(request.id) };
    if (body.statusCode === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(body.statusCode).send(body);
  }
}
