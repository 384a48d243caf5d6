/**
 * Errors of the age encryption layer. Their messages are safe to show to an admin: they never contain a
 * passphrase, a secret key or a file key.
 */

/** Base of every error thrown or emitted by the age streams and key helpers. */
export abstract class AgeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A string is not a valid age recipient (`age1…`) or age identity (`AGE-SECRET-KEY-1…`). */
export class InvalidAgeKeyError extends AgeError {}

/** Encryption or decryption was asked for with unusable options (nothing to encrypt to, an empty passphrase…). */
export class AgeOptionsError extends AgeError {}

/** Encryption failed after it started (the passphrase could not be stretched, a recipient key is degenerate). */
export class AgeEncryptError extends AgeError {}

/**
 * Why a file could not be decrypted:
 * - `not-age-file`: the input does not start with the age v1 intro line (or is ASCII-armored);
 * - `malformed-header`: the header breaks the format (bad stanza, bad base64, oversized header…);
 * - `no-identity-matches`: none of the identities (or the passphrase) opens any recipient stanza;
 * - `work-factor-too-large`: the passphrase stanza asks for more scrypt work than allowed;
 * - `header-mac-mismatch`: the file key was found but the header was altered;
 * - `truncated`: the input ends before the final chunk;
 * - `damaged`: a payload chunk fails authentication (tampered with, corrupted or cut inside a chunk);
 * - `trailing-data`: bytes follow the final chunk.
 */
export type AgeDecryptFailure =
  | 'not-age-file'
  | 'malformed-header'
  | 'no-identity-matches'
  | 'work-factor-too-large'
  | 'header-mac-mismatch'
  | 'truncated'
  | 'damaged'
  | 'trailing-data';

/**
 * A file could not be decrypted. Plaintext already emitted before this error came from chunks that did
 * authenticate, but the file as a whole must be treated as unusable.
 */
export class AgeDecryptError extends AgeError {
  constructor(
    readonly reason: AgeDecryptFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
