/**
 * What to tell the person sent back to the sign-in screen by a failed single sign-on, by the reason
 * the API names in `/admin/login?ssoError=<reason>` (src/users/sso/sso-login.service.ts).
 */
const SSO_ERRORS: Record<string, string> = {
  unknown_provider:
    'This single sign-on provider is not set up (any more). Sign in another way, or ask an administrator.',
  provider_unavailable:
    'The sign-in provider could not be reached. Try again later, or sign in with your password.',
  state_mismatch:
    'The sign-in took too long, or was started in another browser or tab. Please start it again here.',
  idp_error: 'The sign-in provider cancelled or refused the sign-in.',
  token_rejected:
    'The sign-in provider’s answer failed a security check. Try again; if it happens again, tell an administrator.',
  email_missing:
    'The sign-in provider did not share your email address, so no account could be found for you.',
  email_unverified:
    'Your email address is not verified at the sign-in provider, so it cannot be matched to an account here. Verify it there, then try again.',
  no_account:
    'No account here uses the email address of your provider account. Ask an admin of your household for an invite.',
  account_disabled: 'This account is disabled. Ask an admin of your household.',
};

/** The message for `reason`, or a general one for a reason this console does not know. */
export function ssoErrorMessage(reason: string): string {
  return (
    (Object.hasOwn(SSO_ERRORS, reason) ? SSO_ERRORS[reason] : undefined) ??
    'Single sign-on did not work. Try again, or sign in with your password.'
  );
}
