import { Catch, HttpException, HttpStatus, type ArgumentsHost } from '@nestjs/common';
import { BaseRpcExceptionFilter, RpcException } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { describeError } from './error-body.js';

export interface RpcErrorBody {
  status: 'error';
  code: string;
  message: string;
}

/**
 * Message handlers always answer: a 4xx (the validation pipe's included) becomes an error reply
 * `{ status, code, message }`, anything unexpected a logged, generic one. Without a reply the
 * caller would wait for its timeout.
 */
@Catch()
export class RpcExceptionFilter extends BaseRpcExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<unknown> {
    if (exception instanceof HttpException && exception.getStatus() < HttpStatus.INTERNAL_SERVER_ERROR) {
      const described = describeError(exception);
      const body: RpcErrorBody = {
        status: 'error',
        code: described?.code ?? 'MESSAGE.INVALID',
        message: described?.message ?? 'Bad request',
      };
      return super.catch(new RpcException(body), host);
    }
    return super.catch(exception, host);
  }
}
