import { createHmac, createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { describe, expect, it } from 'vitest';
import type { BaseEnv } from '@azora/config';
import { AccessTokenService } from './access-token.service.js';

const SECRET = 'access-token-spec-secret-0123456789-abcdef';
const config = { JWT_SECRET: SECRET, JWT_ACCESS_TTL_SECONDS: 900 } as BaseEnv;
const service = new AccessTokenService(new JwtService({ secret: createSecretKey(Buffer.from(SECRET)) }), config);
const user = { id: 'user-1', role: 'student', sessionId: 'session-1' } as const;

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = (): object => ({ sub: user.id, sid: user.sessionId, role: 'admin', typ: 'access', iss: 'azora-auth' });
const signedWith = (alg: string, hmac: string, secret = SECRET): string => {
  const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64(claims())}`;
  return `${unsigned}.${createHmac(hmac, secret).update(unsigned).digest('base64url')}`;
};

describe(AccessTokenService.name, () => {
  it('verifies what it signs with the boot-time key', async () => {
    expect(await service.verify(await service.sign(user))).toEqual(user);
  });

  it('accepts an HS256 token made from the same secret string, so tokens in flight survive the change', async () => {
    expect(await service.verify(signedWith('HS256', 'sha256'))).toMatchObject({ id: user.id, role: 'admin' });
  });

  it('refuses unsigned, other-algorithm and wrong-secret tokens', async () => {
    expect(await service.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`)).toBeUndefined();
    expect(await service.verify(signedWith('HS512', 'sha512'))).toBeUndefined();
    expect(await service.verify(signedWith('HS256', 'sha256', `${SECRET}-other`))).toBeUndefined();
  });
});
