import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { JwtAuthGuard, OptionalAuthGuard, type AuthenticatedRequest } from './jwt-auth.guard.js';
import { ROLES_KEY, type AuthenticatedUser, type Role } from './roles.js';

/** The route needs a live session; with roles, one of them. */
export function Authenticated(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(JwtAuthGuard),
    ...(roles.length > 0 ? [SetMetadata(ROLES_KEY, roles)] : []),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked token' }),
  );
}

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route without @Authenticated()');
  return user;
});

/** The route is public, but a caller with a live session is known to it (see `OptionalUser`). */
export const OptionallyAuthenticated = (): MethodDecorator & ClassDecorator => UseGuards(OptionalAuthGuard);

/** The caller on an `@OptionallyAuthenticated()` route, or undefined when anonymous. */
export const OptionalUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
