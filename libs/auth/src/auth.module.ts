import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokenService } from './access-token.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { SessionStore } from './session.store.js';

/** Token verification and the session layer, shared by every service. Needs RedisCacheModule. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [AccessTokenService, SessionStore, JwtAuthGuard],
  exports: [AccessTokenService, SessionStore, JwtAuthGuard],
})
export class AuthCoreModule {}
