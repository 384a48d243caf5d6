export const REGISTRATION_MODES = ['open', 'invite', 'closed'] as const;
/**
 * Who may create an account once the first one exists: anyone (`open`, each into a new household of
 * their own), only holders of an invite (`invite`, the default), or nobody (`closed`).
 */
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/** Key of the registration mode in the instance settings. */
export const REGISTRATION_MODE_SETTING = 'registration.mode';
export const DEFAULT_REGISTRATION_MODE: RegistrationMode = 'invite';
