import { UserDto } from '../../dto/user.dto.js';
import type { User } from '../../user.entity.js';
import type { TokenPair } from '../token-issuer.service.js';

/** What a token response says about two-factor sign-in besides the tokens. */
export interface TokenResponseExtras {
  mfaEnrolmentRequired?: boolean;
  recoveryCodesRemaining?: number;
}

/** Tokens of a new or refreshed session. */
export class TokenResponseDto {
  /** JWT for `Authorization: Bearer`; valid 15 minutes. */
  accessToken: string;
  /** @example "Bearer" */
  tokenType: 'Bearer';
  /** Seconds until the access token expires. @example 900 */
  expiresIn: number;
  /** Opaque, single-use: exchange it at /auth/refresh for a new pair before 30 days pass. */
  refreshToken: string;
  user: UserDto;
  /**
   * The instance requires two-factor sign-in of this account and it is not on: send the user to
   * enrolment (until then this session gets 403 almost everywhere; see GET /auth/mfa). Present on
   * sign-in, registration and refresh.
   */
  mfaEnrolmentRequired?: boolean;
  /** Present when the sign-in used a recovery code: how many unused ones are left. @example 9 */
  recoveryCodesRemaining?: number;

  static from(tokens: TokenPair, user: User, extras: TokenResponseExtras = {}): TokenResponseDto {
    return Object.assign(new TokenResponseDto(), {
      accessToken: tokens.accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: tokens.expiresIn,
      refreshToken: tokens.refreshToken,
      user: UserDto.from(user),
      ...extras,
    });
  }
}
