import { UserDto } from '../../dto/user.dto.js';
import type { User } from '../../user.entity.js';
import type { TokenPair } from '../token-issuer.service.js';

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

  static from(tokens: TokenPair, user: User): TokenResponseDto {
    return Object.assign(new TokenResponseDto(), {
      accessToken: tokens.accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: tokens.expiresIn,
      refreshToken: tokens.refreshToken,
      user: UserDto.from(user),
    });
  }
}
