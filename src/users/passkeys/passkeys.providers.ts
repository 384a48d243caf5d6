import { PasskeyChallenges } from './passkey-challenges.service.js';
import { PasskeysController } from './passkeys.controller.js';
import { PasskeysService } from './passkeys.service.js';

/**
 * Passkeys' controllers and providers, registered by the users module: a passkey sign-in opens a
 * session with the module's own TokenIssuer, and the password sign-in's second step uses
 * {@link PasskeysService.verifySecondFactor}.
 */
export const PASSKEY_CONTROLLERS = [PasskeysController];
export const PASSKEY_PROVIDERS = [PasskeyChallenges, PasskeysService];
