import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuthSession } from './auth-session.entity.js';
import { principalOf } from './principal-of.js';
import type { Principal } from './principal.js';

/** Turns the claims of a verified token into the caller, if their session is still open. */
@Injectable()
export class SessionPrincipals {
  constructor(private readonly em: EntityManager) {}

  /**
   * The principal behind session `sessionId` of user `userId`, or undefined when the session was
   * revoked or has expired, or the user is disabled — checked on every request, so revocation is immediate.
   */
  async find(userId: string, sessionId: string): Promise<Principal | undefined> {
    const session = await this.em
      .fork()
      .findOne(
        AuthSession,
        { id: sessionId, user: userId, revokedAt: null, expiresAt: { $gt: new Date() } },
        { populate: ['user', 'user.household'], filters: false, disableIdentityMap: true },
      );
    if (!session || session.user.disabledAt) return undefined;
    return { ...principalOf(session.user), scope: 'write', sessionId: session.id };
  }
}
