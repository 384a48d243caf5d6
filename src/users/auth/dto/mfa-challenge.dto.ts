import { Type } from 'class-transformer';
import { IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import { PasskeyAssertionDto } from '../../passkeys/dto/passkey.dto.js';
import { SecondFactorDto } from '../../mfa/dto/second-factor.dto.js';
import type { SecondFactorMethod } from '../../mfa/mfa-policy.js';

/**
 * The answer to a correct password when two-factor sign-in is on: no tokens yet, but a challenge to
 * complete at POST /auth/mfa with a code.
 */
export class MfaChallengeDto {
  /** Always true: tells this answer apart from a token response. */
  mfaRequired: true;
  /**
   * Opaque and single-use; it grants nothing but the second step of this sign-in, and dies after 5
   * wrong codes or when it expires.
   */
  challenge: string;
  /** Seconds until the challenge expires. @example 300 */
  expiresIn: number;
  /** What the challenge can be completed with. */
  methods: SecondFactorMethod[];
}

/** The second step of a sign-in: the challenge, and a TOTP code or a recovery code. */
export class MfaSignInDto extends SecondFactorDto {
  /** The `challenge` of the sign-in's answer. */
  @IsString()
  @Length(16, 200)
  challenge: string;

  /** A passkey instead of a code: `requestId` of POST /auth/passkeys/mfa/options and the browser's answer. */
  @ValidateIf((proof: MfaSignInDto) => proof.passkey !== undefined)
  @ValidateNested()
  @Type(() => PasskeyAssertionDto)
  passkey?: PasskeyAssertionDto;
}
