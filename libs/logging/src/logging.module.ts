import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';

export interface LoggingOptions {
  service: string;
  version: string;
  level: string;
}

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

const requestIdHeader = (req: IncomingMessage): string | undefined => {
  const value = req.headers['x-request-id'];
  return typeof value === 'string' && /^[\w.-]{1,128}$/.test(value) ? value : undefined;
};

/** Shared by Fastify and pino-http so that the request, its log lines and its error body carry one id. */
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

export function generateRequestId(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const id = requestIdHeader(req) ?? randomUUID();
  req.id = id;
  return id;
}

@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { service: options.service, version: options.version },
            redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
            genReqId: generateRequestId,
            autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url ?? '') },
            serializers: { err: serializeError },
            quietReqLogger: true,
          },
        }),
      ],
    };
  }
}
