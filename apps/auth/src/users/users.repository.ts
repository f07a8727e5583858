import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '@azora/database';
import { UserEntity } from './user.entity.js';

export type NewUser = Pick<UserEntity, 'email' | 'name' | 'passwordHash' | 'role'>;

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** Undefined when the email is taken: the unique index decides, so concurrent sign-ups cannot both win. */
  async create(user: NewUser): Promise<UserEntity | undefined> {
    try {
      const { id } = (await this.users.insert(user)).identifiers[0] as { id: string };
      return await this.users.findOneByOrFail({ id });
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findWithPasswordByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.email = :email', { email }).getOne();
  }
}
