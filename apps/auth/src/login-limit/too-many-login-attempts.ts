import { Catch, HttpStatus, type ArgumentsHost } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';
import { AppException, GlobalExceptionFilter } from '@azora/errors';

export const TOO_MANY_LOGIN_ATTEMPTS = 'AUTH.TOO_MANY_LOGIN_ATTEMPTS';

/** 429 for an account over its failure limit; the same for known and unknown emails. */
export class TooManyLoginAttempts extends AppException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      TOO_MANY_LOGIN_ATTEMPTS,
      `Too many failed sign-in attempts for this account; try again in ${retryAfterSeconds} s`,
    );
  }
}

/** The usual error body, plus the `Retry-After` the client needs to know when to come back. */
@Catch(TooManyLoginAttempts)
export class TooManyLoginAttemptsFilter extends GlobalExceptionFilter {
  override catch(error: TooManyLoginAttempts, host: ArgumentsHost): Observable<unknown> | void {
    void host.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(error.retryAfterSeconds));
    return super.catch(error, host);
  }
}
