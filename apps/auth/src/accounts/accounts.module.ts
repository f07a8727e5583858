import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginAttemptLimiter } from '../login-limit/login-attempt.limiter.js';
import { loginLimitMetricProviders } from '../login-limit/login-limit.metrics.js';
import { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { PasswordHasher } from './password.hasher.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [AccountsController],
  providers: [AccountsService, PasswordHasher, UsersRepository, LoginAttemptLimiter, ...loginLimitMetricProviders],
})
export class AccountsModule {}
