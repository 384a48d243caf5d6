import { REGISTRATION_MODES, type RegistrationMode } from '../../households/registration-mode.js';

/** What the sign-in screen needs to know. */
export class AuthConfigDto {
  /** No account exists yet: registering creates the first admin. */
  firstRun: boolean;
  /** @example "invite" */
  registrationMode: RegistrationMode;
  /** Mail is configured (verification, password reset and invite mails work). */
  emailEnabled: boolean;
  /** Users must verify their email before changing anything. */
  emailVerificationRequired: boolean;
}

export { REGISTRATION_MODES };
