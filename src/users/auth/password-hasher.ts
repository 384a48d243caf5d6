import { Injectable } from '@nestjs/common';
import { hash, parseOptions, verify, type Algorithm, type Options, type Version } from '@node-rs/argon2';

/**
 * The argon2id cost of new password hashes: OWASP's Password Storage Cheat Sheet minimum (19 MiB, two
 * passes, one lane). Raising any of them makes {@link PasswordHasher.needsRehash} true for older hashes, so
 * stored hashes are upgraded at their owner's next successful login.
 */
export const ARGON2_PARAMS = Object.freeze({
  /** Memory per hash in KiB (`m=` of the encoded hash). */
  memoryCost: 19_456,
  /** Passes over the memory (`t=`). */
  timeCost: 2,
  /** Lanes (`p=`). */
  parallelism: 1,
} as const);

// The package declares these as `const enum`s, which isolated-module compilers (swc) cannot inline and
// which are empty objects at run time: `Algorithm.Argon2id` would be `undefined`. Hence the literals.
const ARGON2ID: Algorithm = 2;
const VERSION_0X13: Version = 1;

const HASH_OPTIONS: Options = { ...ARGON2_PARAMS, algorithm: ARGON2ID, version: VERSION_0X13 };

/**
 * The hash of a random password nobody knows, made with {@link ARGON2_PARAMS}. Verifying against it costs
 * exactly what verifying a real user's hash costs; a unit test fails if the parameters drift apart.
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$nuV54bb40Wc8Eab5n3W1eg$VYPk1ILm3ocN2wl77rCroZ+Na5Jc6jKlBaMcB3mphuc';

/**
 * The form of a password that is hashed and measured: Unicode NFKC, as NIST SP 800-63B §5.1.1.2 asks, so
 * that the same typed characters match whichever keyboard, OS or input method composed them.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Hashes and verifies user passwords with argon2id. Passwords are never logged nor put in error messages.
 */
@Injectable()
export class PasswordHasher {
  /** Returns the encoded (PHC string) argon2id hash of `password`, salted with 16 random bytes. */
  async hash(password: string): Promise<string> {
    return hash(normalizePassword(password), HASH_OPTIONS);
  }

  /**
   * Whether `password` matches `encodedHash`. Any argon2 variant and cost is accepted so that hashes made
   * under older parameters keep working; a malformed or non-argon2 hash is `false`, never an error.
   */
  async verify(encodedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(encodedHash, normalizePassword(password));
    } catch {
      return false;
    }
  }

  /**
   * Whether `encodedHash` should be replaced by a fresh {@link hash} after a successful login: it is not
   * argon2id v1.3 with exactly {@link ARGON2_PARAMS}, or it cannot be parsed at all.
   */
  needsRehash(encodedHash: string): boolean {
    try {
      const encoded = parseOptions(encodedHash);
      return (
        encoded.algorithm !== ARGON2ID ||
        encoded.version !== VERSION_0X13 ||
        encoded.memoryCost !== ARGON2_PARAMS.memoryCost ||
        encoded.timeCost !== ARGON2_PARAMS.timeCost ||
        encoded.parallelism !== ARGON2_PARAMS.parallelism
      );
    } catch {
      return true;
    }
  }

  /**
   * Spends the time of a real {@link verify} and answers `false`. Call it when no account matches the
   * login's email, so that response times do not tell an attacker which emails are registered.
   */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(DUMMY_HASH, password);
    return false;
  }
}
