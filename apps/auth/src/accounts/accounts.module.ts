import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { PasswordHasher } from './password.hasher.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [AccountsController],
  providers: [AccountsService, PasswordHasher, UsersRepository],
})
export class AccountsModule {}
