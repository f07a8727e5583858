import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '@azora/errors';
import { IdentityOnlyGuard } from '@azora/cache';
import { bearerToken, RequestAuthenticator, type AuthenticatedRequest } from './request-authenticator.js';
import { ROLES_KEY, type Role } from './roles.js';

export type { AuthenticatedRequest } from './request-authenticator.js';

/** The route needs a live session, and with @Authenticated(roles) one of those roles. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: RequestAuthenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request);
    if (!token) throw unauthorized('AUTH.TOKEN_MISSING', 'A Bearer access token is required');
    const user = await this.authenticator.authenticate(token);
    if (!user) throw unauthorized('AUTH.TOKEN_INVALID', 'The access token is invalid, expired or revoked');
    request.user = user;
    this.checkRole(context, user.role);
    return true;
  }

  private checkRole(context: ExecutionContext, role: Role): void {
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (allowed && !allowed.includes(role)) {
      throw forbidden('AUTH.FORBIDDEN_ROLE', `This action needs one of the roles: ${allowed.join(', ')}`);
    }
  }
}

/**
 * For public routes that show more to some callers: a live session sets `request.user`; no token,
 * or a bad, expired or revoked one, leaves the caller anonymous instead of failing with 401.
 */
@Injectable()
@IdentityOnlyGuard()
export class OptionalAuthGuard implements CanActivate {
  constructor(private readonly authenticator: RequestAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.user = await this.authenticator.authenticate(bearerToken(request));
    return true;
  }
}
