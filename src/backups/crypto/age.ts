/**
 * age v1 encryption for backups: key handling and the streaming encrypt/decrypt entry points. Files written
 * here decrypt with the standard `age` CLI (`age -d -i key.txt`), and files written by `age` decrypt here.
 */
import { randomBytes } from 'node:crypto';
import type { Transform } from 'node:stream';
import {
  AGE_MAX_WORK_FACTOR,
  AGE_MIN_WORK_FACTOR,
  AgeDecryptStream,
  AgeEncryptStream,
  x25519PublicKey,
} from './age-stream.js';
import { AgeOptionsError, InvalidAgeKeyError } from './age.errors.js';
import { bech32Decode, bech32Encode } from './bech32.js';

const RECIPIENT_HRP = 'age';
const SECRET_KEY_HRP = 'AGE-SECRET-KEY-';
const KEY_BYTES = 32;

/** scrypt work factor (log2 of N) used by default when encrypting with a passphrase; age's own default. */
export const AGE_DEFAULT_WORK_FACTOR = 18;
/**
 * Highest scrypt work factor accepted by default when decrypting. age's CLI accepts 22, but that is 4 GiB of memory
 * for scrypt: too much to risk in a server process for a file whose header anyone could have written. 20 (1 GiB)
 * still opens everything age writes with its default of 18.
 */
export const AGE_DEFAULT_MAX_WORK_FACTOR = 20;

/** An age X25519 key pair, in the text forms `age-keygen` prints. */
export interface AgeIdentity {
  /** The secret key, `AGE-SECRET-KEY-1…` (upper case). Whoever holds it can read every backup. */
  secretKey: string;
  /** The matching public key, `age1…` (lower case), to encrypt to. */
  recipient: string;
}

/**
 * What to encrypt to: one or more X25519 recipients (`age1…`), or exactly one passphrase. A passphrase cannot be
 * combined with recipients (age forbids a scrypt stanza next to any other). `workFactor` is log2 of scrypt's N
 * (default {@link AGE_DEFAULT_WORK_FACTOR}, about a second of work and 256 MiB of memory).
 */
export type AgeEncryptOptions =
  | { recipients: string[]; passphrase?: undefined }
  | { passphrase: string; recipients?: undefined; workFactor?: number };

/**
 * What to decrypt with: one or more identities (`AGE-SECRET-KEY-1…`), or a passphrase. `maxWorkFactor` bounds
 * the scrypt work a file may demand (default {@link AGE_DEFAULT_MAX_WORK_FACTOR}).
 */
export type AgeDecryptOptions = { identities: string[] } | { passphrase: string; maxWorkFactor?: number };

function parseRecipient(text: string, position: number): Buffer {
  try {
    const { hrp, data } = bech32Decode(text);
    if (hrp === RECIPIENT_HRP && data.length === KEY_BYTES) return data;
  } catch {
    // reported below, with the same message as a wrong prefix or length
  }
  throw new InvalidAgeKeyError(`Recipient ${position} is not a valid age X25519 recipient (age1…)`);
}

/** Never quotes the input: it may be a secret key pasted with a typo. */
function parseSecretKey(text: string, position?: number): Buffer {
  try {
    const { hrp, data } = bech32Decode(text);
    if (hrp === SECRET_KEY_HRP && data.length === KEY_BYTES) return data;
  } catch {
    // reported below, without echoing the secret
  }
  const which = position === undefined ? 'The identity' : `Identity ${position}`;
  throw new InvalidAgeKeyError(`${which} is not a valid age secret key (AGE-SECRET-KEY-1…)`);
}

function checkWorkFactor(value: number, name: string): number {
  if (!Number.isInteger(value) || value < AGE_MIN_WORK_FACTOR || value > AGE_MAX_WORK_FACTOR) {
    throw new AgeOptionsError(
      `${name} must be an integer from ${AGE_MIN_WORK_FACTOR} to ${AGE_MAX_WORK_FACTOR}`,
    );
  }
  return value;
}

function checkPassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new AgeOptionsError('The passphrase must not be empty');
  }
  return passphrase;
}

/** Generates a new X25519 identity, as `age-keygen` does. */
export function generateAgeIdentity(): AgeIdentity {
  const secret = randomBytes(KEY_BYTES);
  return {
    secretKey: bech32Encode(SECRET_KEY_HRP, secret),
    recipient: bech32Encode(RECIPIENT_HRP, x25519PublicKey(secret)),
  };
}

/**
 * The recipient (`age1…`) of a secret key, as `age-keygen -y` prints it.
 * @throws InvalidAgeKeyError when `secretKey` is not an `AGE-SECRET-KEY-1…` string.
 */
export function recipientOf(secretKey: string): string {
  return bech32Encode(RECIPIENT_HRP, x25519PublicKey(parseSecretKey(secretKey)));
}

/** Whether `text` is an age X25519 recipient (`age1…`, lower case, valid checksum, 32-byte key). */
export function isAgeRecipient(text: string): boolean {
  try {
    parseRecipient(text, 1);
    return true;
  } catch {
    return false;
  }
}

/**
 * A Transform that encrypts its input into an age v1 file. Memory stays flat whatever the input size.
 * @throws InvalidAgeKeyError for an invalid recipient, AgeOptionsError for unusable options (checked here, before
 *   any data flows). Later failures (scrypt could not run) surface on the stream as `AgeEncryptError`.
 */
export function createAgeEncryptStream(options: AgeEncryptOptions): Transform {
  if (options.passphrase !== undefined) {
    if (options.recipients !== undefined) {
      throw new AgeOptionsError('A passphrase cannot be combined with recipients in one age file');
    }
    const passphrase = checkPassphrase(options.passphrase);
    const workFactor = checkWorkFactor(options.workFactor ?? AGE_DEFAULT_WORK_FACTOR, 'workFactor');
    return new AgeEncryptStream({ passphrase, workFactor });
  }
  if (!Array.isArray(options.recipients) || options.recipients.length === 0) {
    throw new AgeOptionsError('At least one recipient or a passphrase is required');
  }
  return new AgeEncryptStream({
    recipients: options.recipients.map((recipient, index) => parseRecipient(recipient, index + 1)),
  });
}

/**
 * A Transform that decrypts an age v1 file. Failures surface as an `AgeDecryptError` on the stream, with a
 * `reason` (no identity matches, altered header, damaged, truncated or extended payload…).
 * @throws InvalidAgeKeyError for an invalid identity, AgeOptionsError for unusable options (checked here, before
 *   any data flows).
 */
export function createAgeDecryptStream(options: AgeDecryptOptions): Transform {
  if ('passphrase' in options) {
    const passphrase = checkPassphrase(options.passphrase);
    const maxWorkFactor = checkWorkFactor(
      options.maxWorkFactor ?? AGE_DEFAULT_MAX_WORK_FACTOR,
      'maxWorkFactor',
    );
    return new AgeDecryptStream({ passphrase, maxWorkFactor });
  }
  if (!Array.isArray(options.identities) || options.identities.length === 0) {
    throw new AgeOptionsError('At least one identity or a passphrase is required');
  }
  return new AgeDecryptStream({
    identities: options.identities.map((identity, index) => parseSecretKey(identity, index + 1)),
  });
}
