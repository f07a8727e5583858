import { Module, type DynamicModule } from '@nestjs/common';
import { AuthCoreModule } from '@azora/auth';
import { AFTER_EARLY_ANSWER, RedisCacheModule, type AfterEarlyAnswer } from '@azora/cache';
import { AppConfigModule, type BaseEnv } from '@azora/config';
import { HealthModule } from '@azora/health';
import { LoggingModule, writeRequestLine, type LoggingOptions, type RequestLogMode } from '@azora/logging';
import { PinoLogger } from 'nestjs-pino';
import { MetricsModule } from '@azora/metrics';

export interface ServiceIdentity {
  name: string;
  version: string;
}

/** A line per successful request costs each service several percent of its CPU under load: production logs errors and slow ones. */
export function requestLogSettings(config: Readonly<BaseEnv>): Pick<LoggingOptions, 'requestLog' | 'slowRequestMs'> {
  const byEnvironment: RequestLogMode = config.NODE_ENV === 'production' ? 'errors-and-slow' : 'all';
  return { requestLog: config.HTTP_REQUEST_LOG || byEnvironment, slowRequestMs: config.HTTP_SLOW_REQUEST_MS };
}

/**
 * The request line pino-http would have written, for a cached hit answered before its middleware
 * (read lazily: the root logger exists once the logging module is up).
 */
function earlyRequestLines(config: Readonly<BaseEnv>): AfterEarlyAnswer {
  const settings = requestLogSettings(config);
  return (request, reply) => {
    const logger = PinoLogger.root as PinoLogger['logger'] | undefined;
    if (logger) writeRequestLine(logger, settings, request, reply);
  };
}

/** Everything a service shares with the others: config, logs, Redis, sessions, health, metrics. */
@Module({})
export class PlatformModule {
  static forService(identity: ServiceIdentity, config: Readonly<BaseEnv>): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      providers: [{ provide: AFTER_EARLY_ANSWER, useValue: earlyRequestLines(config) }],
      exports: [AFTER_EARLY_ANSWER],
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot({
          service: identity.name,
          version: identity.version,
          level: config.LOG_LEVEL,
          ...requestLogSettings(config),
        }),
        RedisCacheModule.forRoot({
          url: config.REDIS_URL,
          memoryFallback: config.REDIS_MEMORY_FALLBACK,
          trackedReads: config.REDIS_CLIENT_TRACKING,
        }),
        AuthCoreModule,
        HealthModule,
        MetricsModule.forRoot(identity.name),
      ],
    };
  }
}
