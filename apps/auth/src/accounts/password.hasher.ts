import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/**
 * argon2id at the library's recommended cost (64 MiB, 3 passes, parallelism 4).
 * Verifying against a fixed dummy hash for unknown emails keeps both failures equally slow.
 */
@Injectable()
export class PasswordHasher {
  private readonly dummyHash = argon2.hash('azora-timing-equalizer', { type: argon2.argon2id });

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.dummyHash), password);
    } catch {
      return false;
    }
  }
}
