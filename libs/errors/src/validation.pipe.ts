import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { badRequest } from './app.exception.js';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {});
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** The one global pipe: strips nothing silently, rejects unknown fields, converts types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => badRequest('REQUEST.VALIDATION_FAILED', flatten(errors).join('; ')),
  });
}
