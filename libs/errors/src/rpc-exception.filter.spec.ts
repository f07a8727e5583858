import { firstValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { Logger, type ArgumentsHost } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { badRequest } from './app.exception.js';
import { RpcExceptionFilter } from './rpc-exception.filter.js';

const host = {} as ArgumentsHost;
const reply = (error: unknown): Promise<unknown> =>
  firstValueFrom(new RpcExceptionFilter().catch(error, host)).catch((body: unknown) => body);

describe(RpcExceptionFilter.name, () => {
  it('turns a 4xx HttpException (e.g. from the validation pipe) into an error reply with its code', async () => {
    await expect(reply(badRequest('REQUEST.VALIDATION_FAILED', 'userId must be a UUID'))).resolves.toEqual({
      status: 'error',
      code: 'REQUEST.VALIDATION_FAILED',
      message: 'userId must be a UUID',
    });
  });

  it('passes RpcExceptions through and hides unexpected errors', async () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await expect(reply(new RpcException({ status: 'error', code: 'COURSE.INVALID_MESSAGE', message: 'bad' }))).resolves.toEqual({
      status: 'error',
      code: 'COURSE.INVALID_MESSAGE',
      message: 'bad',
    });
    await expect(reply(new Error('database password is hunter2'))).resolves.toEqual({
      status: 'error',
      message: 'Internal server error',
    });
    expect(logged).toHaveBeenCalledTimes(1);
  });
});
