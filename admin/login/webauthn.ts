import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { components } from '../api/schema';

type Schemas = components['schemas'];

/**
 * Whether this browser can use passkeys here: WebAuthn exists only in secure contexts (HTTPS, or
 * http://localhost), so a console opened over plain HTTP in the LAN offers no passkey buttons.
 */
export function passkeysAvailable(): boolean {
  return window.isSecureContext && typeof window.PublicKeyCredential === 'function';
}

/** The sentence to show when the browser's passkey prompt failed. */
function passkeyProblem(error: unknown, ceremony: 'create' | 'get'): Error {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError')
    return new Error('The passkey prompt was closed or timed out; nothing was changed');
  if (name === 'InvalidStateError' && ceremony === 'create')
    return new Error('This device already holds a passkey for your account');
  if (name === 'SecurityError')
    return new Error('This browser refused passkeys for this address (they need HTTPS and the right domain)');
  return new Error(
    `The passkey did not work: ${error instanceof Error ? error.message : 'unknown browser error'}`,
  );
}

// The WebAuthn helpers are loaded on first use only: the console's first load does not carry them.

/** Asks the person to sign with a passkey, on request options from the API. */
export async function signWithPasskey(
  options: Schemas['RequestOptionsDto'],
): Promise<AuthenticationResponseJSON> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  try {
    return await startAuthentication({
      optionsJSON: options,
    });
  } catch (error) {
    throw passkeyProblem(error, 'get');
  }
}

/** Asks the person to create a passkey, on creation options from the API. */
export async function createPasskey(
  options: Schemas['CreationOptionsDto'],
): Promise<RegistrationResponseJSON> {
  const { startRegistration } = await import('@simplewebauthn/browser');
  try {
    // The API's options are the W3C JSON shape; the generated type spells some literal unions
    // (`type: 'public-key'`) as plain strings.
    return await startRegistration({
      optionsJSON: options as PublicKeyCredentialCreationOptionsJSON,
    });
  } catch (error) {
    throw passkeyProblem(error, 'create');
  }
}
