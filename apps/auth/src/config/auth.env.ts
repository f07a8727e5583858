import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv } from '@azora/config';
import { LOCAL_PORTS } from '@azora/routing';

export class AuthEnv extends BaseEnv {
  override PORT = LOCAL_PORTS.auth;

  /**
   * Failed sign-ins one account (normalized email, known or not) may have within the window;
   * beyond it every login for that account gets 429 until the oldest failure ages out.
   */
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES = 10;

  /** The sliding window the failures are counted in. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;
}
