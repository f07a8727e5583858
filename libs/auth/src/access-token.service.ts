import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import type { AuthenticatedUser, Role } from './roles.js';

interface AccessClaims {
  sub: string;
  sid: string;
  role: Role;
  typ: 'access';
}

// One algorithm, named on both sides: `alg: none` and algorithm-confusion tokens never verify.
const ALGORITHM = 'HS256';

@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: BaseEnv,
  ) {}

  get ttlSeconds(): number {
    return this.config.JWT_ACCESS_TTL_SECONDS;
  }

  sign(user: AuthenticatedUser): Promise<string> {
    const claims: AccessClaims = { sub: user.id, sid: user.sessionId, role: user.role, typ: 'access' };
    // The key is the KeyObject AuthCoreModule registers, never a per-call string.
    return this.jwt.signAsync(claims, {
      algorithm: ALGORITHM,
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      issuer: 'azora-auth',
    });
  }

  /** The token's user, or undefined for anything expired, tampered, unsigned or malformed. */
  async verify(token: string): Promise<AuthenticatedUser | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: [ALGORITHM],
        issuer: 'azora-auth',
      });
      if (claims.typ !== 'access' || !claims.sub || !claims.sid) return undefined;
      return { id: claims.sub, role: claims.role, sessionId: claims.sid };
    } catch {
      return undefined;
    }
  }
}
