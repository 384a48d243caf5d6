import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { Passkey } from '../passkey.entity.js';
import { AuthenticationCredentialDto, RegistrationCredentialDto, RequestOptionsDto } from './webauthn.dto.js';

/** One of my passkeys (never its public key). */
export class PasskeyDto {
  id: string;
  /** @example "MacBook Touch ID" */
  name: string;
  /** Whether it signs in on its own, without the password. */
  passwordless: boolean;
  /** Whether the authenticator syncs it to other devices (a backed-up passkey). */
  backedUp: boolean;
  createdAt: Date;
  /** When it last signed in or confirmed a sign-in; null if never. */
  lastUsedAt: Date | null;

  static from(passkey: Passkey): PasskeyDto {
    return Object.assign(new PasskeyDto(), {
      id: passkey.id,
      name: passkey.name,
      passwordless: passkey.passwordless,
      backedUp: passkey.backedUp,
      createdAt: passkey.createdAt,
      lastUsedAt: passkey.lastUsedAt ?? null,
    });
  }
}

/** Finish registering a passkey: the browser's answer to the registration options. */
export class RegisterPasskeyDto {
  /** A label to tell it apart. @example "MacBook Touch ID" */
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  /** Let it sign in on its own, without the password (default: only as a second factor). */
  @IsOptional()
  @IsBoolean()
  passwordless?: boolean;

  /** What `navigator.credentials.create()` returned, as `PublicKeyCredential.toJSON()` gives it. */
  @ValidateNested()
  @Type(() => RegistrationCredentialDto)
  response: RegistrationCredentialDto;
}

/** Rename a passkey or change whether it signs in without the password; send at least one. */
export class UpdatePasskeyDto {
  /** @example "Old YubiKey" */
  @ValidateIf((body: UpdatePasskeyDto) => body.name !== undefined || body.passwordless === undefined)
  @IsString({ message: 'name must be a string (send name, passwordless or both)' })
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  /** Whether it signs in on its own, without the password. */
  @IsOptional()
  @IsBoolean()
  passwordless?: boolean;
}

/** A started sign-in ceremony: options for the browser, and the id to send back with its answer. */
export class PasskeyRequestDto {
  /** Send it back with the answer; it works once, within 5 minutes. */
  requestId: string;
  options: RequestOptionsDto;
}

/**
 * The browser's answer to the options of a passkey request, with the request's id: the body of a
 * password-less sign-in, and the `passkey` of a second factor at POST /auth/mfa.
 */
export class PasskeyAssertionDto {
  /** The `requestId` of the options. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  requestId: string;

  /** What `navigator.credentials.get()` returned, as `PublicKeyCredential.toJSON()` gives it. */
  @ValidateNested()
  @Type(() => AuthenticationCredentialDto)
  response: AuthenticationCredentialDto;
}

/** Start confirming a sign-in with a passkey: the challenge the password sign-in answered. */
export class PasskeyMfaOptionsDto {
  /** The `challenge` of the sign-in's answer (`mfaRequired: true`). */
  @IsString()
  @Length(16, 200)
  challenge: string;
}
