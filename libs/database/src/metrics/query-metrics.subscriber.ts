import { Logger } from '@nestjs/common';
import { Histogram, register } from 'prom-client';
import { EventSubscriber, type AfterQueryEvent, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';

export const DB_QUERY_DURATION_METRIC = 'db_query_duration_seconds';

const histogram = (): Histogram<string> =>
  (register.getSingleMetric(DB_QUERY_DURATION_METRIC) as Histogram<string> | undefined) ??
  new Histogram({
    name: DB_QUERY_DURATION_METRIC,
    help: 'SQL statement duration in seconds, by service, operation and target (primary or replica)',
    labelNames: ['service', 'operation', 'target'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });

const OPERATIONS = new Set(['select', 'insert', 'update', 'delete', 'with', 'start', 'commit', 'rollback']);

export function operationOf(sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? 'other';
  return OPERATIONS.has(verb) ? verb : 'other';
}

/**
 * Where the statement really ran: TypeORM asks for a 'slave' runner for reads whether or not
 * replicas are configured, and without them that runner is a primary connection.
 */
export const targetOf = (runner: QueryRunner): 'primary' | 'replica' =>
  runner.getReplicationMode() === 'slave' && runner.connection.driver.isReplicated ? 'replica' : 'primary';

/**
 * Times every statement and logs the slow ones with their SQL, never their parameter values
 * (they carry emails, tokens and hashes): only how many there were.
 */
export function createQueryMetricsSubscriber(service: string, slowQueryMs: number): new () => EntitySubscriberInterface {
  const logger = new Logger('SlowQuery');
  @EventSubscriber()
  class QueryMetricsSubscriber implements EntitySubscriberInterface {
    afterQuery(event: AfterQueryEvent): void {
      if (event.executionTime === undefined) return;
      const target = targetOf(event.queryRunner);
      const operation = operationOf(event.query);
      histogram().observe({ service, operation, target }, event.executionTime / 1000);
      if (event.executionTime >= slowQueryMs) {
        const parameters = Array.isArray(event.parameters) ? event.parameters.length : 0;
        logger.warn(
          { durationMs: event.executionTime, target, sql: event.query, parameters: `[${parameters} redacted]` },
          'slow query',
        );
      }
    }
  }
  return QueryMetricsSubscriber;
}
