import { describe, expect, it } from 'vitest';
import { BaseEnv, ConfigValidationError, loadConfig } from '@azora/config';
import { requestLogSettings } from './platform.module.js';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'a-real-production-secret-of-enough-length' };

describe(requestLogSettings.name, () => {
  it('logs only errors and slow requests in production, every request elsewhere', () => {
    expect(requestLogSettings(loadConfig(BaseEnv, PRODUCTION))).toEqual({ requestLog: 'errors-and-slow', slowRequestMs: 500 });
    expect(requestLogSettings(loadConfig(BaseEnv, { NODE_ENV: 'development' })).requestLog).toBe('all');
  });

  it('follows HTTP_REQUEST_LOG and HTTP_SLOW_REQUEST_MS when they are set', () => {
    const config = loadConfig(BaseEnv, { ...PRODUCTION, HTTP_REQUEST_LOG: 'all', HTTP_SLOW_REQUEST_MS: '250' });
    expect(requestLogSettings(config)).toEqual({ requestLog: 'all', slowRequestMs: 250 });
  });

  it('refuses an unknown mode at boot', () => {
    expect(() => loadConfig(BaseEnv, { HTTP_REQUEST_LOG: 'everything' })).toThrow(ConfigValidationError);
  });
});
