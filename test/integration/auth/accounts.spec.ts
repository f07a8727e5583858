import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_SERVICE, AuthAppModule } from '../../../apps/auth/src/auth-app.module.js';
import { AuthEnv } from '../../../apps/auth/src/config/auth.env.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { bootTestService, testConfig } from '../../support/service-app.js';

let db: TestDatabase;
let app: NestFastifyApplication;

const unique = (): string => `user-${Math.random().toString(36).slice(2)}@example.com`;
const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload, headers });

async function registerAndLogin(email = unique(), password = 'correct-horse-1') {
  await post('/api/auth/register', { email, password, name: 'Test User' });
  const login = await post('/api/auth/login', { email, password });
  return login.json<{ accessToken: string; refreshToken: string }>();
}

beforeAll(async () => {
  db = await createTestDatabase('auth');
  // A relaxed cache budget, as the cache specs use: a loaded CI machine must not turn expected hits into bypasses.
  const config = testConfig(AuthEnv, db.urlFor('auth'), { CACHE_OP_TIMEOUT_MS: '1000' });
  app = await bootTestService(AuthAppModule.forRoot(config), { identity: AUTH_SERVICE });
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('auth accounts', () => {
  it('registers a student and hides the password hash', async () => {
    const email = unique();
    const response = await post('/api/auth/register', { email: email.toUpperCase(), password: 'longenough', name: 'Ada' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      email,
      name: 'Ada',
      role: 'student',
      createdAt: expect.any(String),
    });
  });

  it('refuses a duplicate email with 409 AUTH.EMAIL_TAKEN', async () => {
    const email = unique();
    await post('/api/auth/register', { email, password: 'longenough', name: 'A' });
    const again = await post('/api/auth/register', { email, password: 'longenough', name: 'B' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'AUTH.EMAIL_TAKEN', requestId: expect.any(String) });
  });

  it.each([
    [{ email: 'not-an-email', password: 'longenough', name: 'A' }],
    [{ email: 'a@b.io', password: 'short', name: 'A' }],
    [{ email: 'a@b.io', password: 'longenough', name: 'A', role: 'admin' }],
    [{ email: 'a@b.io', password: 12345678, name: 'A' }],
  ])('rejects invalid registration %j with 400', async (body) => {
    const response = await post('/api/auth/register', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('REQUEST.VALIDATION_FAILED');
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const email = unique();
    await post('/api/auth/register', { email, password: 'longenough', name: 'A' });
    const wrong = await post('/api/auth/login', { email, password: 'wrong-password' });
    const unknown = await post('/api/auth/login', { email: unique(), password: 'wrong-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = ({ requestId: _, ...rest }: Record<string, unknown>) => rest;
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
  });

  it('rotates refresh tokens and revokes the session when a spent one is replayed', async () => {
    const first = await registerAndLogin();
    const refreshed = await post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json<{ accessToken: string; refreshToken: string }>();

    const replay = await post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(replay.statusCode).toBe(401);
    const afterReuse = await post('/api/auth/refresh', { refreshToken: second.refreshToken });
    expect(afterReuse.statusCode).toBe(401);
    const profile = await app.inject({ url: '/api/auth/profile', headers: { authorization: `Bearer ${second.accessToken}` } });
    expect(profile.statusCode).toBe(401);
  });

  it('lets exactly one of two concurrent refreshes with one token win', async () => {
    const { refreshToken } = await registerAndLogin();
    const results = await Promise.all([post('/api/auth/refresh', { refreshToken }), post('/api/auth/refresh', { refreshToken })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it('serves each user their own profile, from the cache on repeat', async () => {
    const [first, second] = [await registerAndLogin(), await registerAndLogin()];
    const profileOf = (token: string) => app.inject({ url: '/api/auth/profile', headers: { authorization: `Bearer ${token}` } });
    const emails = new Set<string>();
    const served: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const tokens of [first, second]) {
        const response = await profileOf(tokens.accessToken);
        expect(response.statusCode).toBe(200);
        emails.add(`${tokens.accessToken.slice(-8)} ${response.json<{ email: string }>().email}`);
        served.push(String(response.headers['x-cache']));
      }
    }
    expect(emails.size).toBe(2);
    expect(served.slice(0, 2)).toEqual(['miss', 'miss']);
    expect(served.slice(2)).toEqual(['hit', 'hit', 'hit', 'hit']);
  });

  it('logs out: the access token is rejected at once', async () => {
    const { accessToken } = await registerAndLogin();
    const headers = { authorization: `Bearer ${accessToken}` };
    expect((await app.inject({ url: '/api/auth/profile', headers })).statusCode).toBe(200);
    expect((await post('/api/auth/logout', {}, headers)).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/auth/profile', headers })).statusCode).toBe(401);
  });

  it('refuses missing, tampered and alg:none tokens', async () => {
    const { accessToken } = await registerAndLogin();
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...forged, role: 'admin' })).toString('base64url')}.${signature}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    for (const authorization of [undefined, `Bearer ${tampered}`, `Bearer ${none}`, 'Bearer garbage']) {
      const response = await app.inject({ url: '/api/auth/profile', headers: authorization ? { authorization } : {} });
      expect(response.statusCode).toBe(401);
    }
  });
});
