import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers, type Logger } from 'pino';
import { startTime, type Options as PinoHttpOptions } from 'pino-http';

/**
 * `all`: a line for every request. `errors-and-slow`: only for 5xx and failed requests (level
 * error) and for requests slower than `slowRequestMs` (level warn); request ids stay on every line.
 */
export type RequestLogMode = 'all' | 'errors-and-slow';

export interface LoggingOptions {
  service: string;
  version: string;
  level: string;
  requestLog?: RequestLogMode;
  slowRequestMs?: number;
}

export const DEFAULT_SLOW_REQUEST_MS = 500;

/** Credentials never reach the logs, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  'password',
  'accessToken',
  'refreshToken',
];

const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

type RawRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

/** Middleware mounted on a path (Nest mounts the logger on /health/ready too) sees a url with that path cut off. */
const fullUrl = (req: RawRequest): string => req.originalUrl ?? req.url ?? '';

/**
 * What a request line says about the request: no headers, so nothing to redact, and cheap,
 * because pino-http serializes it into a child logger on every request, logged or not.
 */
export const serializeRequest = (req: RawRequest): Record<string, unknown> => ({
  id: req.id,
  method: req.method,
  url: fullUrl(req),
});

export const serializeResponse = (res: ServerResponse): Record<string, unknown> => ({ statusCode: res.statusCode });

/**
 * For a 5xx without an error of its own, pino-http makes one up whose stack is pino-http's: left
 * out, since the exception filter has already logged the real cause under the same request id.
 */
export const realError = (res: ServerResponse & { err?: unknown }, error: Error): unknown =>
  res.err ?? (error.message === `failed with status code ${res.statusCode}` ? undefined : error);

type Level = 'error' | 'warn' | 'info' | 'silent';

/** The level of a finished request's line; `silent` writes nothing. */
export function requestLogLevel(
  mode: RequestLogMode,
  slowRequestMs: number,
  outcome: { statusCode: number; error: unknown; durationMs: number },
): Level {
  if (outcome.error || outcome.statusCode >= 500) return 'error';
  if (mode === 'all') return 'info';
  return outcome.durationMs >= slowRequestMs ? 'warn' : 'silent';
}

const requestIdHeader = (req: IncomingMessage): string | undefined => {
  const value = req.headers['x-request-id'];
  return typeof value === 'string' && /^[\w.-]{1,128}$/.test(value) ? value : undefined;
};

/**
 * Errors are logged without the SQL and parameters a database error carries: those hold emails,
 * password hashes and tokens that the path-based redaction cannot reach.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of ['parameters', 'query', 'driverError']) delete serialized[field];
  return serialized;
}

/** Shared by Fastify and pino-http so that the request, its log lines and its error body carry one id. */
export function generateRequestId(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const id = requestIdHeader(req) ?? randomUUID();
  req.id = id;
  return id;
}

type RequestLineRules = Pick<LoggingOptions, 'requestLog' | 'slowRequestMs'>;
type Outcome = Parameters<typeof requestLogLevel>[2];

/** A service's request-line rules with their defaults, for pino-http's lines and early answers' alike. */
function levelRule(options: RequestLineRules): (outcome: Outcome) => Level {
  const mode = options.requestLog ?? 'all';
  const slowRequestMs = options.slowRequestMs ?? DEFAULT_SLOW_REQUEST_MS;
  return (outcome) => requestLogLevel(mode, slowRequestMs, outcome);
}

/** What a request line needs of a request pino-http never saw: Fastify's request and reply fit. */
export interface AnsweredRequest {
  id: string;
  raw: RawRequest;
}
export interface AnsweredReply {
  raw: ServerResponse;
  /** Milliseconds since the request arrived. */
  elapsedTime: number;
}

/**
 * The line pino-http writes, for a request answered before its middleware ran (a cached hit answered
 * early): the same level rules, fields and message, so that logs read the same whichever path served it.
 */
export function writeRequestLine(
  logger: Logger,
  options: RequestLineRules,
  request: AnsweredRequest,
  reply: AnsweredReply,
): void {
  const level = levelRule(options)({ statusCode: reply.raw.statusCode, error: undefined, durationMs: reply.elapsedTime });
  if (level === 'silent') return;
  logger
    .child({ reqId: request.id })
    [level]({ req: request.raw, res: reply.raw, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
}

/** pino-http's options for a service: one request id everywhere, credentials redacted, request lines per `requestLog`. */
export function httpLoggerOptions(options: LoggingOptions): PinoHttpOptions {
  const levelOf = levelRule(options);
  return {
    level: options.level,
    base: { service: options.service, version: options.version },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    genReqId: generateRequestId,
    autoLogging: { ignore: (req) => QUIET_PATHS.test(fullUrl(req)) },
    customLogLevel: (req, res, error) => levelOf({ statusCode: res.statusCode, error, durationMs: Date.now() - res[startTime] }),
    // The request is named on the finished line itself, not bound into a second child logger.
    customSuccessObject: (req, res, line) => ({ req, ...line }),
    customErrorObject: (req, res, error, line) => ({ req, ...line, err: realError(res, error) }),
    serializers: { err: serializeError, req: serializeRequest, res: serializeResponse },
    quietReqLogger: true,
    quietResLogger: true,
  };
}

@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return { module: LoggingModule, imports: [LoggerModule.forRoot({ pinoHttp: httpLoggerOptions(options) })] };
  }
}
