import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import type { AfterQueryEvent } from 'typeorm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryMetricsSubscriber, DB_QUERY_DURATION_METRIC, operationOf } from './query-metrics.subscriber.js';

const event = (query: string, executionTime: number, mode: 'master' | 'slave' = 'master', replicated = true): AfterQueryEvent =>
  ({
    query,
    parameters: ['ada@example.com', 'secret-hash'],
    executionTime,
    success: true,
    queryRunner: { getReplicationMode: () => mode, connection: { driver: { isReplicated: replicated } } },
  }) as never;

const countFor = async (service: string, target: string): Promise<number> => {
  const metric = await register.getSingleMetric(DB_QUERY_DURATION_METRIC)!.get();
  const sample = metric.values.find(
    (v) =>
      (v as { metricName?: string }).metricName === `${DB_QUERY_DURATION_METRIC}_count` &&
      v.labels.service === service &&
      v.labels.target === target,
  );
  return sample?.value ?? 0;
};

afterEach(() => vi.restoreAllMocks());

describe('query metrics', () => {
  it('observes every statement by service, verb and target', async () => {
    const Subscriber = createQueryMetricsSubscriber('course', 50);
    void new Subscriber().afterQuery!(event('SELECT 1', 3, 'slave'));
    const metric = await register.getSingleMetric(DB_QUERY_DURATION_METRIC)!.get();
    const count = metric.values.find(
      (v) => (v as { metricName?: string }).metricName === `${DB_QUERY_DURATION_METRIC}_count` && v.labels.target === 'replica',
    );
    expect(count?.value).toBeGreaterThanOrEqual(1);
  });

  it("labels a read 'primary' when no replica is configured, though TypeORM asked for a 'slave' runner", async () => {
    const Subscriber = createQueryMetricsSubscriber('unreplicated', 50);
    void new Subscriber().afterQuery!(event('SELECT 1', 3, 'slave', false));
    expect(await countFor('unreplicated', 'primary')).toBe(1);
    expect(await countFor('unreplicated', 'replica')).toBe(0);
  });

  it('logs slow statements with their SQL but never their parameter values', () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const Subscriber = createQueryMetricsSubscriber('auth', 50);
    void new Subscriber().afterQuery!(event('SELECT * FROM auth.users WHERE email = $1', 80));
    void new Subscriber().afterQuery!(event('SELECT 1', 10));
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(warn.mock.calls[0]);
    expect(logged).toContain('auth.users');
    expect(logged).toContain('80');
    expect(logged).not.toContain('ada@example.com');
    expect(logged).not.toContain('secret-hash');
  });

  it('names the operation by its verb', () => {
    expect(operationOf('  insert into x')).toBe('insert');
    expect(operationOf('EXPLAIN SELECT 1')).toBe('other');
  });
});
