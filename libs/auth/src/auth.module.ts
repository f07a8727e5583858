import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokenService } from './access-token.service.js';
import { JwtAuthGuard, OptionalAuthGuard } from './jwt-auth.guard.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { SessionStore } from './session.store.js';

/** Token verification and the session layer, shared by every service. Needs RedisCacheModule. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [AccessTokenService, SessionStore, RequestAuthenticator, JwtAuthGuard, OptionalAuthGuard],
  exports: [AccessTokenService, SessionStore, RequestAuthenticator, JwtAuthGuard, OptionalAuthGuard],
})
export class AuthCoreModule {}
