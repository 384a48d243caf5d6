import { IsIn, IsInt, Min } from 'class-validator';
import { MFA_POLICIES, type MfaPolicy } from '../mfa-policy.js';

/** Who must use two-factor sign-in on this instance. */
export class MfaPolicyDto {
  /** `off` (nobody), `admins` (household admins) or `everyone`. */
  mode: MfaPolicy;
  /** 0 while the default (`off`) applies. */
  version: number;
}

/** Change who must use two-factor sign-in. */
export class UpdateMfaPolicyDto {
  @IsIn(MFA_POLICIES)
  mode: MfaPolicy;

  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(0)
  version: number;
}
