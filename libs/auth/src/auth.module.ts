import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import { AccessTokenService } from './access-token.service.js';
import { JwtAuthGuard, OptionalAuthGuard } from './jwt-auth.guard.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { SessionStore } from './session.store.js';

/**
 * The HMAC key is made once at boot: given a string, jsonwebtoken first tries it as a PEM public
 * key (and throws) on every verify, which cost a few percent of each service's CPU.
 */
const jwtKey = (config: BaseEnv) => ({ secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) });

/** Token verification and the session layer, shared by every service. Needs RedisCacheModule. */
@Global()
@Module({
  imports: [JwtModule.registerAsync({ inject: [APP_CONFIG], useFactory: jwtKey })],
  providers: [AccessTokenService, SessionStore, RequestAuthenticator, JwtAuthGuard, OptionalAuthGuard],
  exports: [AccessTokenService, SessionStore, RequestAuthenticator, JwtAuthGuard, OptionalAuthGuard],
})
export class AuthCoreModule {}
