import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsAcceptablePassword } from '../password-policy.js';

/** Sign-in with email and password. */
export class LoginDto {
  /** @example "ada@example.org" */
  @IsEmail()
  @MaxLength(320)
  email: string;

  @IsString()
  @MaxLength(256)
  password: string;
}

/** A new account. */
export class RegisterDto {
  /** @example "ada@example.org" */
  @IsEmail()
  @MaxLength(320)
  email: string;

  /** At least 10 characters, not a common password. */
  @IsAcceptablePassword()
  password: string;

  /** @example "Ada" */
  @IsString()
  @Length(1, 100)
  displayName: string;

  /** Name of the new household (first account or open registration). @example "The Lovelace cellar" */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  householdName?: string;

  /** Token from an invite link, to join the inviting household. */
  @IsOptional()
  @IsString()
  @Length(16, 200)
  inviteToken?: string;
}

/** A refresh token to exchange. */
export class RefreshDto {
  @IsString()
  @Length(16, 200)
  refreshToken: string;
}

/** The 6-digit code from the verification mail. */
export class VerifyEmailCodeDto {
  /** @example "042137" */
  @IsString()
  @Length(6, 6)
  code: string;
}

/** The token from a mailed link (verification or password reset). */
export class LinkTokenDto {
  @IsString()
  @Length(16, 200)
  token: string;
}

/** Ask for a password-reset mail. */
export class PasswordResetRequestDto {
  @IsEmail()
  @MaxLength(320)
  email: string;
}

/** Set a new password with a reset token. */
export class PasswordResetConfirmDto {
  @IsString()
  @Length(16, 200)
  token: string;

  @IsAcceptablePassword()
  newPassword: string;
}

/** Change one's own password. */
export class ChangePasswordDto {
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  @IsAcceptablePassword()
  newPassword: string;
}
