/** The caller's two-factor sign-in (never any secret). */
export class MfaStatusDto {
  /** Whether signing in asks for a code of an authenticator app. */
  totpEnabled: boolean;
  /** When it was turned on; null while it is off. */
  totpEnabledAt: Date | null;
  /** Unused recovery codes left (0 while two-factor sign-in is off). */
  recoveryCodesRemaining: number;
  /** Whether the instance's policy requires two-factor sign-in of this account. */
  required: boolean;
  /**
   * Required but not turned on: until it is, the API answers 403 (problem type
   * `/problems/two-factor-enrolment-required`) to this session everywhere but the enrolment routes,
   * GET /users/me and sign-out.
   */
  enrolmentRequired: boolean;
}
