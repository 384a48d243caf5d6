import { ApiProperty } from '@nestjs/swagger';
import { ENROLLED_FACTORS, type EnrolledFactor } from '../mfa/mfa-policy.js';
import type { RatingScale, Role, User } from '../user.entity.js';

/** An account as the API shows it (never its password hash). */
export class UserDto {
  /** @example "0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3" */
  id: string;
  householdId: string;
  /** @example "ada@example.org" */
  email: string;
  /** @example "Ada" */
  displayName: string;
  role: Role;
  emailVerified: boolean;
  disabled: boolean;
  ratingScale: RatingScale;
  /** @example "en-GB" */
  locale: string;
  /** @example "Europe/London" */
  timeZone: string;
  /** ISO 4217 code. @example "GBP" */
  currency: string;
  createdAt: Date;
  /** Send it back when changing the account; a stale version is refused with 409. */
  version: number;

  static from(user: User): UserDto {
    return Object.assign(new UserDto(), {
      id: user.id,
      householdId: user.household.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      emailVerified: Boolean(user.emailVerifiedAt),
      disabled: Boolean(user.disabledAt),
      ratingScale: user.ratingScale,
      locale: user.locale,
      timeZone: user.timeZone,
      currency: user.currency,
      createdAt: user.createdAt,
      version: user.version,
    });
  }
}

/** A member as their household's admins see them: the account and its two-factor sign-in. */
export class HouseholdUserDto extends UserDto {
  /**
   * The second factors the member has set up: `totp` (an authenticator app, with its recovery codes)
   * and `passkey`. Empty: they sign in with the password (or single sign-on) alone.
   */
  @ApiProperty({ enum: ENROLLED_FACTORS, isArray: true, example: ['totp'] })
  twoFactor: EnrolledFactor[];

  static of(user: User, twoFactor: EnrolledFactor[]): HouseholdUserDto {
    return Object.assign(new HouseholdUserDto(), UserDto.from(user), { twoFactor });
  }
}
