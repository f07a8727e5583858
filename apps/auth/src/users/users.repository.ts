import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '@azora/database';
import { UserEntity } from './user.entity.js';

export type NewUser = Pick<UserEntity, 'email' | 'name' | 'passwordHash' | 'role'>;
export type UserProfile = Pick<UserEntity, 'id' | 'email' | 'name' | 'role' | 'createdAt'>;

/** Exported for the hot-query list's check (test/integration/data). */
export const USER_PROFILE_SQL = 'SELECT id, email, name, role, created_at AS "createdAt" FROM "auth"."users" WHERE id = $1';

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

  /**
   * Hand-written: it runs on every GET /auth/profile, and TypeORM's find builds and hydrates the
   * same primary-key lookup at several times the CPU. On the primary, so a profile never lags a write.
   */
  async findById(id: string): Promise<UserProfile | null> {
    const rows = (await this.users.query(USER_PROFILE_SQL, [id])) as UserProfile[];
    return rows[0] ?? null;
  }

  findWithPasswordByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.email = :email', { email }).getOne();
  }
}
