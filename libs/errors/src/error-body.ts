import { HttpException, HttpStatus } from '@nestjs/common';
import { AppException } from './app.exception.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId: string;
}

const GENERIC_CODES: Partial<Record<number, string>> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHORIZED',
  403: 'AUTH.FORBIDDEN',
  404: 'REQUEST.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  409: 'REQUEST.CONFLICT',
  413: 'REQUEST.BODY_TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  422: 'REQUEST.UNPROCESSABLE',
  429: 'REQUEST.TOO_MANY',
};

/** Fastify's own client errors (bad JSON, body too large, bad content type) carry a 4xx statusCode. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST.MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST.MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST.BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
};

type Described = Omit<ErrorBody, 'requestId'>;

function fromHttpException(error: HttpException): Described {
  const statusCode = error.getStatus();
  // Nest wraps Fastify's own client errors (bad JSON, body too large) with the original as `cause`.
  const fastifyCode = (error.cause as { code?: unknown } | undefined)?.code;
  const mapped = typeof fastifyCode === 'string' ? FASTIFY_CODES[fastifyCode] : undefined;
  if (mapped) return { statusCode, code: mapped, message: error.message };
  const response = error.getResponse();
  const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const code = typeof body.code === 'string' ? body.code : (GENERIC_CODES[statusCode] ?? `HTTP.${statusCode}`);
  const rawMessage = body.message ?? (typeof response === 'string' ? response : error.message);
  const message = Array.isArray(rawMessage) ? rawMessage.join('; ') : String(rawMessage);
  return { statusCode, code, message };
}

function fromClientError(error: unknown): Described | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, code, message } = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const mapped = typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
  return {
    statusCode,
    code: mapped ?? GENERIC_CODES[statusCode] ?? `HTTP.${statusCode}`,
    message: mapped ? String(message) : 'Bad request',
  };
}

/** node-postgres' pool gave up waiting for a free connection: every one was busy for the whole wait. */
export const POOL_WAIT_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

/** SQLSTATEs of a server that refuses or drops connections: too many, shutting down, starting, gone. */
const DATABASE_UNAVAILABLE_STATES = new Set(['53300', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/**
 * A database that is saturated or refuses connections is a 503, never a 500. An exhausted pool ran
 * nothing; a connection lost mid-statement (57P01, 08006) may have committed, so the caller's retry must
 * be idempotent, as every write of this platform is (enrollments, carts, payments by idempotency key).
 */
function fromDatabaseOutage(error: unknown): Described | undefined {
  const cause = (error as { driverError?: unknown } | null)?.driverError ?? error;
  if (!(cause instanceof Error)) return undefined;
  if (cause.message === POOL_WAIT_TIMEOUT_MESSAGE) {
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'DATABASE.BUSY',
      message: 'The database is busy; try again shortly',
    };
  }
  const state = (cause as { code?: unknown }).code;
  if (typeof state === 'string' && DATABASE_UNAVAILABLE_STATES.has(state)) {
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'DATABASE.UNAVAILABLE',
      message: 'The database is unavailable; try again shortly',
    };
  }
  return undefined;
}

/** Maps anything thrown to the public error body; `undefined` means an unexpected server error. */
export function describeError(error: unknown): Described | undefined {
  // A deliberate AppException may be a 5xx (503 with a code); any other 5xx is unexpected.
  if (error instanceof AppException) return fromHttpException(error);
  if (error instanceof HttpException) {
    const described = fromHttpException(error);
    return described.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR ? undefined : described;
  }
  return fromDatabaseOutage(error) ?? fromClientError(error);
}

export const INTERNAL_ERROR: Described = {
  statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
  code: 'INTERNAL',
  message: 'Internal server error',
};
