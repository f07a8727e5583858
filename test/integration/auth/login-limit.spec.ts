import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PasswordHasher } from '../../../apps/auth/src/accounts/password.hasher.js';
import { AUTH_SERVICE, AuthAppModule } from '../../../apps/auth/src/auth-app.module.js';
import { AuthEnv } from '../../../apps/auth/src/config/auth.env.js';
import { TOO_MANY_LOGIN_ATTEMPTS } from '../../../apps/auth/src/login-limit/too-many-login-attempts.js';
import { UsersRepository } from '../../../apps/auth/src/users/users.repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { freePort } from '../../support/private-nats.js';
import { bootTestService, testConfig } from '../../support/service-app.js';

const PASSWORD = 'correct-horse-battery-1';
const WRONG = 'wrong-password-1';
/** One address for everything: a load generator, or an office behind one NAT. */
const ONE_ADDRESS = '203.0.113.7';
const MAX_FAILURES = 3;

let db: TestDatabase;
let app: NestFastifyApplication;
let passwordHash: string;
const extraApps: NestFastifyApplication[] = [];

const email = (): string => `limit-${Math.random().toString(36).slice(2)}@example.com`;

function bootAuth(env: Record<string, string>): Promise<NestFastifyApplication> {
  const config = testConfig(AuthEnv, db.urlFor('auth'), { LOG_LEVEL: 'error', ...env });
  return bootTestService(AuthAppModule.forRoot(config), { identity: AUTH_SERVICE });
}

const login = (on: NestFastifyApplication, address: string, password: string, ip = ONE_ADDRESS) =>
  on.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: address, password },
    remoteAddress: ip,
    headers: { 'x-forwarded-for': ip },
  });

/** An account with PASSWORD, inserted with one shared hash so that setting up 200 of them stays cheap. */
async function account(on: NestFastifyApplication = app): Promise<string> {
  const address = email();
  await on.get(UsersRepository).create({ email: address, name: 'Limit Test', passwordHash, role: 'student' });
  return address;
}

async function failTimes(address: string, times: number, on = app): Promise<void> {
  for (let i = 0; i < times; i++) expect((await login(on, address, WRONG)).statusCode).toBe(401);
}

const withoutRequestId = ({ requestId: _, ...rest }: Record<string, unknown>) => rest;
const withoutWait = (body: Record<string, unknown>) => {
  const rest = withoutRequestId(body);
  return typeof rest.message === 'string' ? { ...rest, message: rest.message.replace(/in \d+ s\b/, 'in N s') } : rest;
};

beforeAll(async () => {
  db = await createTestDatabase('auth_login_limit');
  app = await bootAuth({ LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_FAILURE_WINDOW_SECONDS: '900' });
  passwordHash = await app.get(PasswordHasher).hash(PASSWORD);
});

afterAll(async () => {
  for (const extra of extraApps) await extra.close();
  await app?.close();
  await db?.drop();
});

describe('login attempts are limited per account', () => {
  it('answers 429 with a code and Retry-After after LOGIN_MAX_FAILURES failures, the right password included, without checking it', async () => {
    const address = await account();
    await failTimes(address, MAX_FAILURES);
    const verify = vi.spyOn(app.get(PasswordHasher), 'verify');
    try {
      for (const password of [WRONG, PASSWORD]) {
        const refused = await login(app, address, password);
        expect(refused.statusCode).toBe(429);
        expect(refused.json()).toEqual({
          statusCode: 429,
          code: TOO_MANY_LOGIN_ATTEMPTS,
          message: expect.stringMatching(/try again in \d+ s/),
          requestId: expect.any(String),
        });
        const retryAfter = Number(refused.headers['retry-after']);
        expect(Number.isInteger(retryAfter) && retryAfter > 890 && retryAfter <= 900, `Retry-After ${retryAfter}`).toBe(true);
      }
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });

  it('limits an unknown email exactly like a known one, so the answers reveal no accounts', async () => {
    const known = await account();
    const unknown = email();
    const answers = async (address: string) => {
      const failures = await Promise.all(Array.from({ length: MAX_FAILURES }, () => login(app, address, WRONG)));
      const refused = await login(app, address, WRONG);
      const seconds = Number(refused.headers['retry-after']);
      // The wait counts from each account's first failure, which may fall either side of a second boundary.
      const answered = [...failures, refused].map((reply) => ({ status: reply.statusCode, body: withoutWait(reply.json()) }));
      return { answered, seconds };
    };
    const [fromKnown, fromUnknown] = await Promise.all([answers(known), answers(unknown)]);
    expect(fromUnknown.answered).toEqual(fromKnown.answered);
    expect(Math.abs(fromUnknown.seconds - fromKnown.seconds)).toBeLessThanOrEqual(1);
    expect(fromUnknown.answered.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
  });

  it('counts concurrent guesses before argon2 runs, so a burst cannot get past the limit', async () => {
    const address = await account();
    const burst = await Promise.all(Array.from({ length: 12 }, () => login(app, address, WRONG)));
    const statuses = burst.map((reply) => reply.statusCode).sort();
    expect(statuses).toEqual([...Array<number>(MAX_FAILURES).fill(401), ...Array<number>(12 - MAX_FAILURES).fill(429)]);
  });

  it('leaves other accounts from the same address alone', async () => {
    const locked = await account();
    const neighbour = await account();
    await failTimes(locked, MAX_FAILURES);
    expect((await login(app, locked, PASSWORD)).statusCode).toBe(429);
    await failTimes(neighbour, MAX_FAILURES - 1);
    expect((await login(app, neighbour, PASSWORD)).statusCode).toBe(200);
  });

  it('clears the failure count on a successful login', async () => {
    const address = await account();
    await failTimes(address, MAX_FAILURES - 1);
    expect((await login(app, address, PASSWORD)).statusCode).toBe(200);
    await failTimes(address, MAX_FAILURES);
    expect((await login(app, address, PASSWORD)).statusCode).toBe(429);
  });

  it('never throttles 200 different accounts signing in from one address', { timeout: 180_000 }, async () => {
    const accounts = await Promise.all(Array.from({ length: 200 }, () => account()));
    const statuses: number[] = [];
    const queue = [...accounts];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) statuses.push((await login(app, next, PASSWORD)).statusCode);
      }),
    );
    expect(statuses).toHaveLength(200);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });
});

describe('the window', () => {
  it('slides: a locked account signs in again once its oldest failure is older than the window', async () => {
    const shortWindow = await bootAuth({ LOGIN_MAX_FAILURES: '2', LOGIN_FAILURE_WINDOW_SECONDS: '2' });
    extraApps.push(shortWindow);
    const address = await account(shortWindow);
    await failTimes(address, 2, shortWindow);
    const refused = await login(shortWindow, address, PASSWORD);
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    expect((await login(shortWindow, address, PASSWORD)).statusCode).toBe(200);
  });
});

describe('while Redis is down', () => {
  it('refuses every login with 503 before checking the password, so an outage is no password oracle', async () => {
    const noRedis = await bootAuth({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    extraApps.push(noRedis);
    const address = await account(noRedis);
    const verify = vi.spyOn(noRedis.get(PasswordHasher), 'verify');
    try {
      const [wrong, right] = [await login(noRedis, address, WRONG), await login(noRedis, address, PASSWORD)];
      for (const reply of [wrong, right]) {
        expect(reply.statusCode).toBe(503);
        expect(reply.json().code).toBe('AUTH.SESSION_STORE_UNAVAILABLE');
        expect(reply.headers['retry-after']).toBeDefined();
      }
      expect(withoutRequestId(wrong.json())).toEqual(withoutRequestId(right.json()));
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });
});
