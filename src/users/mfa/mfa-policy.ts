import type { Role } from '../user.entity.js';

export const MFA_POLICIES = ['off', 'admins', 'everyone'] as const;
/**
 * Who must use two-factor sign-in: nobody (`off`, the default), household admins (`admins`), or every
 * user (`everyone`). Users it applies to who have not turned it on are sent to enrolment after signing in.
 */
export type MfaPolicy = (typeof MFA_POLICIES)[number];

/** Key of the policy in the instance settings. */
export const MFA_POLICY_SETTING = 'auth.mfaRequired';
export const DEFAULT_MFA_POLICY: MfaPolicy = 'off';

/** Whether `policy` requires two-factor sign-in of a user with `role`. */
export function policyRequires(policy: MfaPolicy, role: Role): boolean {
  return policy === 'everyone' || (policy === 'admins' && role === 'admin');
}

/** The second factors a sign-in can be completed with. */
export const SECOND_FACTOR_METHODS = ['passkey', 'totp', 'recovery_code'] as const;
export type SecondFactorMethod = (typeof SECOND_FACTOR_METHODS)[number];

/** The second factors a user sets up: a recovery code comes with the authenticator app. */
export const ENROLLED_FACTORS = ['passkey', 'totp'] as const;
export type EnrolledFactor = (typeof ENROLLED_FACTORS)[number];
