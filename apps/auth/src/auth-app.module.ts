import { Module, type DynamicModule } from '@nestjs/common';
import { ResponseCacheModule } from '@azora/cache';
import { DatabaseModule } from '@azora/database';
import { PlatformModule, type ServiceIdentity } from '@azora/platform';
import { AccountsModule } from './accounts/accounts.module.js';
import type { AuthEnv } from './config/auth.env.js';
import { CreateUsers1764150000000 } from './migrations/1764150000000-create-users.js';
import { UserEntity } from './users/user.entity.js';

export const AUTH_SERVICE: ServiceIdentity = { name: 'auth', version: '0.1.0' };

export const AUTH_DATABASE = {
  schema: 'auth',
  entities: [UserEntity],
  migrations: [CreateUsers1764150000000],
};

@Module({})
export class AuthAppModule {
  static forRoot(config: Readonly<AuthEnv>): DynamicModule {
    return {
      module: AuthAppModule,
      imports: [
        PlatformModule.forService(AUTH_SERVICE, config),
        DatabaseModule.forService(AUTH_SERVICE.name, AUTH_DATABASE),
        ResponseCacheModule,
        AccountsModule,
      ],
    };
  }
}
