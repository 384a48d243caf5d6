import { IsString, Matches, MaxLength } from 'class-validator';

/** Start setting up an authenticator app. */
export class StartTotpSetupDto {
  /** The current password of the account: enrolling a new authenticator is a sensitive change. */
  @IsString()
  @MaxLength(256)
  password: string;
}

/**
 * What an authenticator app needs, shown this once: the secret is never returned again. Two-factor
 * sign-in is off until a code from the app is confirmed.
 */
export class TotpSetupDto {
  /** `otpauth://totp/…` URI holding the secret, for apps that take a link. */
  otpauthUri: string;
  /** The same URI as a QR code, a PNG `data:` URL to put in an `<img src>`. */
  qrCode: string;
  /** The secret in base32, to type into an app that cannot scan. */
  secret: string;
}

/** Finish setting up an authenticator app. */
export class ConfirmTotpDto {
  /** The 6-digit code the app shows now. @example "492039" */
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the authenticator app' })
  code: string;
}
