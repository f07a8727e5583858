import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '@azora/errors';
import { AccessTokenService } from './access-token.service.js';
import { ROLES_KEY, type AuthenticatedUser, type Role } from './roles.js';
import { SessionStore } from './session.store.js';

export type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

const bearerToken = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([\w-]+\.[\w-]*\.[\w-]*)$/.exec(header) : null;
  return match?.[1];
};

/** A valid signature is not enough: the session must still exist, so logout is felt at once. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionStore,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request);
    if (!token) throw unauthorized('AUTH.TOKEN_MISSING', 'A Bearer access token is required');
    const user = await this.tokens.verify(token);
    const session = user && (await this.sessions.find(user.sessionId));
    if (!user || !session || session.userId !== user.id) {
      throw unauthorized('AUTH.TOKEN_INVALID', 'The access token is invalid, expired or revoked');
    }
    request.user = { ...user, role: session.role };
    this.checkRole(context, session.role);
    return true;
  }

  private checkRole(context: ExecutionContext, role: Role): void {
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (allowed && !allowed.includes(role)) {
      throw forbidden('AUTH.FORBIDDEN_ROLE', `This action needs one of the roles: ${allowed.join(', ')}`);
    }
  }
}
