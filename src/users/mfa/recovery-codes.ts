import { randomBytes } from 'node:crypto';
import { sha256 } from '../auth/secrets.js';

/** How many recovery codes a user gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

/** Crockford's base32: no I, L, O or U, so a code copied from paper cannot be misread. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_BYTES = 10;
const GROUP = 4;

/**
 * A new recovery code: 80 random bits as 16 base32 characters in groups of four
 * (`7k2m-q9xd-4hfa-0nwe`).
 */
export function newRecoveryCode(): string {
  let bits = BigInt(`0x${randomBytes(CODE_BYTES).toString('hex')}`);
  let characters = '';
  for (let i = 0; i < (CODE_BYTES * 8) / 5; i += 1) {
    characters += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return characters.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

/**
 * The canonical form of a typed recovery code: case, spaces and dashes do not matter, and the letters
 * people confuse with digits read as those digits (Crockford's decoding rules).
 */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
}

/**
 * What is stored of a recovery code. SHA-256 rather than argon2: a code carries 80 random bits, so
 * trying candidates against a stolen hash is hopeless however fast the hash is, and hashing ten codes
 * with argon2 would make every regeneration and every recovery sign-in slow for nothing. (Passwords,
 * chosen by people and far weaker, do need argon2.)
 */
export function hashRecoveryCode(code: string): string {
  return sha256(normalizeRecoveryCode(code));
}
