import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomToken, sha256 } from '../auth/secrets.js';
import type { User } from '../user.entity.js';
import { MfaChallenge } from './mfa-challenge.entity.js';
import { DomainError } from '../../common/errors/domain-error.js';

/** How long the second step of a sign-in may take. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

/** Wrong codes after which a challenge dies and the password must be entered again. */
export const CHALLENGE_MAX_FAILURES = 5;

/**
 * The sign-in a second factor was sent for has ended (expired, cancelled, or killed by too many wrong
 * codes): start again with the password. Its own problem type lets a client tell it from a wrong code.
 */
export class SignInExpiredError extends DomainError {
  readonly status = 401;
  readonly title = 'Sign-In Expired';
}

/**
 * The pending second steps of sign-ins. A challenge is an opaque random token (stored as its SHA-256),
 * not a JWT: it cannot be mistaken for an access token anywhere, and it can be counted and killed.
 * Guessing is bounded twice: 5 wrong codes per challenge, and every wrong code counts as a failed
 * login of the account (see AuthService), whose backoff a new challenge does not reset.
 */
@Injectable()
export class MfaChallenges {
  /** Opens a challenge for `user` (clearing their expired ones) and returns the token to hand out. */
  async open(em: EntityManager, user: User): Promise<{ challenge: string; expiresIn: number }> {
    await em.nativeDelete(MfaChallenge, { user: user.id, expiresAt: { $lte: new Date() } });
    const challenge = randomToken();
    em.create(MfaChallenge, {
      user,
      tokenHash: sha256(challenge),
      expiresAt: new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000),
    });
    await em.flush();
    return { challenge, expiresIn: CHALLENGE_TTL_SECONDS };
  }

  /**
   * The live challenge of `token`, locked until `em`'s transaction ends so that parallel attempts are
   * counted one after the other; undefined when it is unknown, dead or expired.
   */
  async take(em: EntityManager, token: string): Promise<MfaChallenge | undefined> {
    const challenge = await em.findOne(
      MfaChallenge,
      { tokenHash: sha256(token) },
      // Found by its secret token: no household is known yet (and none is needed).
      { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!challenge) return undefined;
    if (challenge.expiresAt <= new Date()) {
      em.remove(challenge);
      return undefined;
    }
    return challenge;
  }

  /** Counts a wrong code against `challenge`; true when that killed it. */
  fail(em: EntityManager, challenge: MfaChallenge): boolean {
    challenge.failedAttempts += 1;
    if (challenge.failedAttempts < CHALLENGE_MAX_FAILURES) return false;
    em.remove(challenge);
    return true;
  }

  /** Ends `challenge` after it succeeded: it cannot be used twice. */
  settle(em: EntityManager, challenge: MfaChallenge): void {
    em.remove(challenge);
  }
}
