import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error.js';
import type { Principal, RequestOrigin } from '../auth/principal.js';
import { Passkey } from '../passkeys/passkey.entity.js';
import { User } from '../user.entity.js';
import { PasswordLoginPolicy } from './password-login-policy.service.js';
import { UserIdentity } from './user-identity.entity.js';

/** A person's own links to identity-provider accounts: listing them and removing one. */
@Injectable()
export class UserIdentitiesService {
  constructor(
    private readonly em: EntityManager,
    private readonly passwordLogin: PasswordLoginPolicy,
    private readonly audit: AuditService,
  ) {}

  /** The caller's linked identities, oldest first. */
  list(principal: Principal): Promise<UserIdentity[]> {
    return this.em.find(
      UserIdentity,
      { user: principal.userId },
      { orderBy: { createdAt: 'ASC', id: 'ASC' } },
    );
  }

  /**
   * Unlinks one of the caller's identities (404 for anyone else's). Refused (409) when it is the
   * last way in: no other identity, no password the caller may sign in with, and no passkey that
   * signs in without one.
   */
  async unlink(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const identity = await em.findOne(UserIdentity, { id, user: principal.userId });
      if (!identity) throw new NotFoundError(`Identity ${id} does not exist`);
      const user = await em.findOneOrFail(
        User,
        { id: principal.userId },
        { populate: ['passwordHash'], filters: false },
      );
      const others = await em.count(UserIdentity, { user: principal.userId, id: { $ne: id } });
      const password = Boolean(user.passwordHash) && (await this.passwordLogin.allows(user));
      const passkeys = await em.count(Passkey, { user: principal.userId, passwordless: true });
      if (others === 0 && !password && passkeys === 0) {
        throw new ConflictError(
          'This is your only way to sign in: set a password, add a passkey that signs in without one, or link another identity before unlinking it',
        );
      }
      em.remove(identity);
      await this.audit.record(
        {
          action: 'auth.sso_unlinked',
          actor: principal,
          target: { type: 'user_identity', id },
          origin,
          details: { provider: identity.providerSlug, issuer: identity.issuer },
        },
        em,
      );
    });
  }
}
