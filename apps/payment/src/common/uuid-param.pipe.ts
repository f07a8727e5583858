import { ParseUUIDPipe } from '@nestjs/common';
import { badRequest } from '@azora/errors';

/** A malformed id in the path is a 400 with the same code as any other validation failure. */
export const uuidParam = (name: string): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: () => badRequest('REQUEST.VALIDATION_FAILED', `${name} must be a UUID`) });
