import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { UnavailableError } from '../../common/errors/domain-error.js';
import { REDIS } from '../../redis/redis.module.js';
import { randomToken, sha256 } from '../auth/secrets.js';

/** How long a started ceremony may take: the browser's prompt and the answer to it. */
export const CEREMONY_TTL_SECONDS = 5 * 60;

/**
 * What a challenge was handed out for. A challenge only completes the ceremony it was made for: one
 * for password-less sign-in cannot finish a second factor, nor the other way round.
 */
export type CeremonyPurpose = 'registration' | 'login' | 'mfa';

/** A challenge waiting for the authenticator's answer. */
export interface PendingCeremony {
  /** The base64url challenge the options carried. */
  challenge: string;
  /** The user it was made for; absent for password-less sign-in, where the credential tells who. */
  userId?: string;
}

/**
 * Keys hash the request id, as the SSO keys hash their state: what Redis holds cannot be replayed
 * against the API. Registration is keyed by the user: one at a time, a newer one replaces the older.
 */
const ceremonyKey = (purpose: CeremonyPurpose, id: string) => `whiskey:passkey-${purpose}:${sha256(id)}`;

/**
 * The pending WebAuthn ceremonies, in Redis so that every API process can complete what another one
 * started. Each challenge expires after {@link CEREMONY_TTL_SECONDS} and is deleted by the first
 * attempt to complete it, right or wrong: an assertion made for it cannot be presented twice.
 */
@Injectable()
export class PasskeyChallenges {
  private readonly logger = new Logger(PasskeyChallenges.name);

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Keeps the registration challenge of `userId` (replacing an unfinished one). */
  async startRegistration(userId: string, challenge: string): Promise<void> {
    await this.store(ceremonyKey('registration', userId), { challenge, userId });
  }

  /** Takes the registration challenge of `userId`: undefined when none is pending (or it expired). */
  takeRegistration(userId: string): Promise<PendingCeremony | undefined> {
    return this.takeKey(ceremonyKey('registration', userId));
  }

  /** Keeps a sign-in challenge and returns the request id that names it to the client. */
  async start(purpose: 'login' | 'mfa', pending: PendingCeremony): Promise<string> {
    const requestId = randomToken();
    await this.store(ceremonyKey(purpose, requestId), pending);
    return requestId;
  }

  /** Takes the sign-in challenge named by `requestId`: undefined when unknown, used or expired. */
  take(purpose: 'login' | 'mfa', requestId: string): Promise<PendingCeremony | undefined> {
    return this.takeKey(ceremonyKey(purpose, requestId));
  }

  private async takeKey(key: string): Promise<PendingCeremony | undefined> {
    const stored = await this.redisCall(() => this.redis.getdel(key));
    return stored ? (JSON.parse(stored) as PendingCeremony) : undefined;
  }

  private async store(key: string, pending: PendingCeremony): Promise<void> {
    await this.redisCall(() => this.redis.set(key, JSON.stringify(pending), 'EX', CEREMONY_TTL_SECONDS));
  }

  private async redisCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.logger.warn({ err: error }, 'Redis unreachable during a passkey ceremony');
      throw new UnavailableError('Passkeys are unavailable for a moment (Redis is unreachable)');
    }
  }
}
