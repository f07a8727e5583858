import { Injectable } from '@nestjs/common';
import { AccessTokenService, SessionStore, type AuthenticatedUser, type Role } from '@azora/auth';
import { conflict, notFound, unauthorized } from '@azora/errors';
import { LoginAttemptLimiter } from '../login-limit/login-attempt.limiter.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { toUserResponse, type LoginDto, type RegisterDto, type TokenPairDto, type UserResponseDto } from './dto/account.dto.js';
import { PasswordHasher } from './password.hasher.js';
import { formatRefreshToken, parseRefreshToken } from './refresh-token.js';

const INVALID_CREDENTIALS = (): Error => unauthorized('AUTH.INVALID_CREDENTIALS', 'Email or password is incorrect');
const INVALID_REFRESH = (): Error =>
  unauthorized('AUTH.REFRESH_TOKEN_INVALID', 'The refresh token is invalid, expired or already used');

@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly tokens: AccessTokenService,
    private readonly loginLimit: LoginAttemptLimiter,
  ) {}

  async register(dto: RegisterDto): Promise<UserResponseDto> {
    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.users.create({ email: dto.email, name: dto.name, passwordHash, role: 'student' });
    if (!user) throw conflict('AUTH.EMAIL_TAKEN', 'An account with this email already exists');
    return toUserResponse(user);
  }

  async login(dto: LoginDto): Promise<TokenPairDto> {
    const user = await this.loginLimit.attempt(dto.email, () => this.verifiedUser(dto));
    if (!user) throw INVALID_CREDENTIALS();
    const { sessionId, refreshSecret } = await this.sessions.create(user.id, user.role);
    return this.tokenPair({ id: user.id, role: user.role, sessionId }, refreshSecret);
  }

  /** The user, if the password is theirs; an unknown email costs the same argon2 verify as a known one. */
  private async verifiedUser(dto: LoginDto): Promise<UserEntity | undefined> {
    const user = await this.users.findWithPasswordByEmail(dto.email);
    const valid = await this.hasher.verify(user?.passwordHash, dto.password);
    return user && valid ? user : undefined;
  }

  /** Rotation: each refresh token works once; presenting a spent one revokes its whole session. */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const parsed = parseRefreshToken(refreshToken);
    if (!parsed) throw INVALID_REFRESH();
    const session = await this.sessions.find(parsed.sessionId);
    const { outcome, refreshSecret } = await this.sessions.rotate(parsed.sessionId, parsed.secret);
    if (outcome !== 'rotated' || !session) throw INVALID_REFRESH();
    return this.tokenPair({ id: session.userId, role: session.role, sessionId: parsed.sessionId }, refreshSecret);
  }

  logout(user: AuthenticatedUser): Promise<void> {
    return this.sessions.revoke(user.sessionId);
  }

  async profile(userId: string): Promise<UserResponseDto> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound('AUTH.USER_NOT_FOUND', 'The account no longer exists');
    return toUserResponse(user);
  }

  private async tokenPair(user: { id: string; role: Role; sessionId: string }, refreshSecret: string): Promise<TokenPairDto> {
    return {
      accessToken: await this.tokens.sign(user),
      refreshToken: formatRefreshToken(user.sessionId, refreshSecret),
      tokenType: 'Bearer',
      expiresIn: this.tokens.ttlSeconds,
    };
  }
}
