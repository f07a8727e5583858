import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthenticatedUser } from '@azora/auth';
import { CachedResponse } from '@azora/cache';
import { UserVersions } from '../users/user-versions.js';
import { LoginDto, RefreshDto, RegisterDto, TokenPairDto, UserResponseDto } from './dto/account.dto.js';
import { TOO_MANY_LOGIN_ATTEMPTS, TooManyLoginAttemptsFilter } from '../login-limit/too-many-login-attempts.js';
import { AccountsService } from './accounts.service.js';

@ApiTags('auth')
@Controller('auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('register')
  @ApiConflictResponse({ description: 'AUTH.EMAIL_TAKEN' })
  register(@Body() dto: RegisterDto): Promise<UserResponseDto> {
    return this.accounts.register(dto);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseFilters(TooManyLoginAttemptsFilter)
  @ApiTooManyRequestsResponse({ description: `${TOO_MANY_LOGIN_ATTEMPTS}, with Retry-After (seconds)` })
  login(@Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.accounts.login(dto);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.accounts.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.accounts.logout(user);
  }

  @Get('profile')
  @Authenticated()
  // Sessions are checked before this (a revoked one is refused); the profile row itself is cached per user.
  @CachedResponse({ perUser: true, versions: ({ user }) => [UserVersions.profile(user!.id)] })
  profile(@CurrentUser() user: AuthenticatedUser): Promise<UserResponseDto> {
    return this.accounts.profile(user.id);
  }
}
