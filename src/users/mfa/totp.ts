import { Secret, TOTP } from 'otpauth';

/** Name authenticator apps show above the account. */
export const TOTP_ISSUER = 'Whiskey Tracker';

/**
 * Accepted time steps either side of the current one (±30 s): enough for a phone whose clock is a
 * little off, or a code typed just as it changed, without tripling the odds of a guess further.
 */
export const TOTP_WINDOW = 1;

/** Bytes of a new secret: 160 bits, the HMAC-SHA-1 key length RFC 4226 recommends. */
const SECRET_BYTES = 20;

/**
 * A TOTP generator with the parameters every authenticator app supports (SHA-1, 6 digits, 30 s): the
 * others (SHA-256, 8 digits) are silently ignored by Google Authenticator and some others, which then
 * show codes that never match. `accountName` only matters for the `otpauth://` URI.
 */
export function totpOf(secretBase32: string, accountName?: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: accountName,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random TOTP secret, base32-encoded as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/**
 * The time step (30 s periods since the epoch) whose code `code` is at `now`, looking {@link TOTP_WINDOW}
 * steps either side; null when it matches none of them.
 */
export function matchingStep(totp: TOTP, code: string, now = Date.now()): number | null {
  const delta = totp.validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}
