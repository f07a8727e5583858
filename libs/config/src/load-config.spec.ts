import { describe, expect, it } from 'vitest';
import { BaseEnv } from './base-env.js';
import { ConfigValidationError, loadConfig } from './load-config.js';

describe(loadConfig.name, () => {
  it('keeps defaults and converts numbers and booleans from strings', () => {
    const config = loadConfig(BaseEnv, { PORT: '4000', DB_MIGRATE_ON_BOOT: 'false' });
    expect(config.PORT).toBe(4000);
    expect(config.DB_MIGRATE_ON_BOOT).toBe(false);
    expect(config.SESSION_TTL_SECONDS).toBe(3600);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad variable at once', () => {
    const attempt = () => loadConfig(BaseEnv, { PORT: 'eighty', JWT_SECRET: 'short', REDIS_URL: 'http://x' });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const names = (error as ConfigValidationError).problems.map((p) => p.split(':')[0]);
      expect(names.sort()).toEqual(['JWT_SECRET', 'PORT', 'REDIS_URL']);
    }
  });
});

describe('production cross-checks', () => {
  it('refuses the development JWT secret and the memory fallback in production', () => {
    expect(() => loadConfig(BaseEnv, { NODE_ENV: 'production', REDIS_MEMORY_FALLBACK: 'true' })).toThrow(
      /JWT_SECRET[\s\S]*REDIS_MEMORY_FALLBACK/,
    );
    const config = loadConfig(BaseEnv, { NODE_ENV: 'production', JWT_SECRET: 'a-real-production-secret-of-enough-length' });
    expect(config.REDIS_MEMORY_FALLBACK).toBe(false);
  });
});
