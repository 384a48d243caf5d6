import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A random opaque token (URL-safe), for refresh tokens, links and invites. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A 6-digit code to type by hand, uniformly distributed. */
export function randomCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * SHA-256 of a high-entropy secret, for storing it without being able to use what is stored.
 * (Passwords, which have little entropy, use argon2id instead.)
 */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
