import { randomBytes } from 'node:crypto';
import { serviceRole, type SchemaOwner } from '@azora/database';
import { urlVia } from '../db-topology/topology.js';
import type { Mode } from './options.js';

/**
 * What every service process gets, per mode. Optimized is the production shape: the primary and
 * both replicas through their PgBouncers, response and data caches on, compression on. Baseline
 * switches those off by configuration only: same code, same data, same machine.
 */
export function serviceEnv(mode: Mode, database: string, service: SchemaOwner): Record<string, string> {
  const via = (target: 'primary' | 'replica-1' | 'replica-2', bouncer: boolean): string =>
    urlVia(target, { bouncer, database, user: serviceRole(service) });
  const direct = via('primary', false);
  if (mode === 'baseline') {
    return {
      DATABASE_URL: direct,
      DATABASE_REPLICA_URLS: '',
      DATABASE_MIGRATION_URL: direct,
      RESPONSE_CACHE_ENABLED: 'false',
      DATA_CACHE_ENABLED: 'false',
      HTTP_COMPRESSION_ENABLED: 'false',
    };
  }
  return {
    DATABASE_URL: via('primary', true),
    DATABASE_REPLICA_URLS: [via('replica-1', true), via('replica-2', true)].join(','),
    DATABASE_MIGRATION_URL: direct,
    RESPONSE_CACHE_ENABLED: 'true',
    DATA_CACHE_ENABLED: 'true',
    HTTP_COMPRESSION_ENABLED: 'true',
  };
}

/** Production mode for every process, services and gateway alike. */
export const productionEnv = (): Record<string, string> => ({
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  REDIS_MEMORY_FALLBACK: 'false',
});

/** A fresh 256-bit secret per stack: nothing from a previous run or the repository signs tokens. */
export const randomJwtSecret = (): string => randomBytes(32).toString('hex');
