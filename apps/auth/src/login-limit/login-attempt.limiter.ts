import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { RedisConnection } from '@azora/cache';
import { APP_CONFIG } from '@azora/config';
import { serviceUnavailable } from '@azora/errors';
import type { AuthEnv } from '../config/auth.env.js';
import { MemoryFailureWindow, RedisFailureWindow, type FailureWindow } from './failure-window.js';
import { LOGIN_REFUSALS_METRIC, type LoginRefusal } from './login-limit.metrics.js';
import { TooManyLoginAttempts } from './too-many-login-attempts.js';

/** Hashed, so Redis never holds the email addresses people (or attackers) typed. */
export const loginFailuresKey = (email: string): string =>
  `azora:login-failures:${createHash('sha256').update(email).digest('base64url')}`;

/**
 * Brute-force protection per account, not per address: a load test or an office behind one NAT signs
 * in to any number of accounts, while each account (known or not, by normalized email) gets
 * LOGIN_MAX_FAILURES wrong passwords per LOGIN_FAILURE_WINDOW_SECONDS, after which every login for it,
 * the right password included, is refused with 429 before the database or argon2 is touched.
 *
 * Fails closed: without Redis no session can be created, so no login could succeed anyway, and
 * checking passwords regardless would answer 401 for a wrong one and 503 for the right one, an
 * unthrottled password oracle for as long as the outage lasts.
 */
@Injectable()
export class LoginAttemptLimiter implements OnApplicationBootstrap {
  private readonly logger = new Logger(LoginAttemptLimiter.name);
  private readonly window: FailureWindow;
  private readonly limit: number;
  private readonly windowMs: number;
  private failing = false;

  constructor(
    redis: RedisConnection,
    @Inject(APP_CONFIG) config: AuthEnv,
    @InjectMetric(LOGIN_REFUSALS_METRIC) private readonly refusals: Counter<'reason'>,
  ) {
    this.window = redis.client ? new RedisFailureWindow(redis.client) : new MemoryFailureWindow();
    this.limit = config.LOGIN_MAX_FAILURES;
    this.windowMs = config.LOGIN_FAILURE_WINDOW_SECONDS * 1000;
  }

  onApplicationBootstrap(): void {
    // Both series exist from the start, so rate() and alerts see zeros rather than nothing.
    for (const reason of ['locked', 'limiter_unavailable'] as const) this.refusals.inc({ reason }, 0);
  }

  /**
   * Runs `verify` (the password check) for `email` under its limit: a result clears the account's
   * failures, `undefined` counts as one, an error counts as nothing.
   */
  async attempt<T>(email: string, verify: () => Promise<T | undefined>): Promise<T | undefined> {
    const key = loginFailuresKey(email);
    const attemptId = randomUUID();
    const waitMs = await this.redisCall(this.window.reserve(key, attemptId, this.limit, this.windowMs));
    if (waitMs > 0) {
      this.refusals.inc({ reason: 'locked' satisfies LoginRefusal });
      throw new TooManyLoginAttempts(Math.ceil(waitMs / 1000));
    }
    let verified: T | undefined;
    try {
      verified = await verify();
    } catch (error) {
      await this.window.release(key, attemptId).catch(() => undefined);
      throw error;
    }
    if (verified !== undefined) await this.redisCall(this.window.clear(key));
    return verified;
  }

  private async redisCall<T>(command: Promise<T>): Promise<T> {
    try {
      const result = await command;
      if (this.failing) this.logger.log('Login attempts are counted again');
      this.failing = false;
      return result;
    } catch (error) {
      if (!this.failing) this.logger.warn(`Cannot count login attempts, refusing logins: ${(error as Error).message}`);
      this.failing = true;
      this.refusals.inc({ reason: 'limiter_unavailable' satisfies LoginRefusal });
      // The session store's code: to clients it is one outage of the auth service's Redis.
      throw serviceUnavailable('AUTH.SESSION_STORE_UNAVAILABLE', 'Sessions are temporarily unavailable; try again shortly');
    }
  }
}
