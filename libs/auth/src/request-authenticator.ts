import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessTokenService } from './access-token.service.js';
import type { AuthenticatedUser } from './roles.js';
import { SessionStore } from './session.store.js';

export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

export const bearerToken = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([\w-]+\.[\w-]*\.[\w-]*)$/i.exec(header) : null;
  return match?.[1];
};

/** A valid signature is not enough: the session must still exist, so a logout is felt everywhere (docs/caching.md). */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionStore,
  ) {}

  /** The caller with the session's current role, or undefined for no, a bad, or a revoked token. */
  async authenticate(token: string | undefined): Promise<AuthenticatedUser | undefined> {
    const user = token ? await this.tokens.verify(token) : undefined;
    const session = user && (await this.sessions.find(user.sessionId));
    return user && session && session.userId === user.id ? { ...user, role: session.role } : undefined;
  }
}
