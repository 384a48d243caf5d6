/** The outcome of an admin's reset of a user's two-factor sign-in. */
export class MfaResetDto {
  /**
   * Whether the user was told by mail. False when mail is not configured or the mail server refused:
   * the reset happened all the same, so tell them another way.
   */
  userNotified: boolean;
}
