import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, ForbiddenError, UnauthorizedError } from '../common/errors/domain-error.js';
import { containsPattern } from '../common/pagination/like-pattern.js';
import { toFindOptions } from '../common/pagination/list-query.js';
import { paginated, type Paginated } from '../common/pagination/paginated.js';
import { assertCurrentVersion } from '../common/versioning.js';
import { AuthService } from './auth/auth.service.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { assertAcceptablePassword } from './auth/password-rules.js';
import type { Principal, RequestOrigin } from './auth/principal.js';
import { TokenIssuer, type TokenPair } from './auth/token-issuer.service.js';
import type { AdminUpdateUserDto } from './dto/admin-update-user.dto.js';
import type { UpdateProfileDto } from './dto/update-profile.dto.js';
import type { UserListQuery } from './dto/user-list-query.dto.js';
import { Household } from './households/household.entity.js';
import { User } from './user.entity.js';

/** Accounts: one's own profile and password, and the household admin's management of its users. */
@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly auth: AuthService,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditService,
  ) {}

  /** A user of the caller's household (404 for any other: the household filter applies). */
  get(id: string): Promise<User> {
    return this.em.findOneOrFail(User, id, { populate: ['household'] });
  }

  async updateProfile(principal: Principal, changes: UpdateProfileDto): Promise<User> {
    const user = await this.get(principal.userId);
    assertCurrentVersion('Your account', user, changes.version);
    const { version: _version, ...fields } = changes;
    this.em.assign(user, fields);
    await this.em.flush();
    return user;
  }

  /**
   * Changes the caller's password after checking the current one, ends every session, and opens a
   * fresh one for this device so the caller stays signed in here.
   */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    origin: RequestOrigin,
  ): Promise<{ tokens: TokenPair; user: User }> {
    return this.em.fork().transactional(async (em) => {
      const user = await em.findOneOrFail(User, principal.userId, {
        populate: ['household', 'passwordHash'],
      });
      if (!user.passwordHash || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
        throw new UnauthorizedError('The current password is wrong');
      }
      assertAcceptablePassword(
        newPassword,
        { email: user.email, displayName: user.displayName },
        'newPassword',
      );
      user.passwordHash = await this.hasher.hash(newPassword);
      user.passwordChangedAt = new Date();
      await this.auth.revokeAllSessions(em, user.id, 'password_changed');
      await this.audit.record(
        { action: 'user.password_changed', actor: principal, target: { type: 'user', id: user.id }, origin },
        em,
      );
      return { tokens: await this.tokens.openSession(em, user, origin), user };
    });
  }

  /**
   * Checks the caller's password again before a sensitive action (downloading a key): 401 when wrong,
   * as for a password change.
   */
  async confirmPassword(principal: Principal, password: string): Promise<void> {
    const user = await this.em.fork().findOneOrFail(User, principal.userId, { populate: ['passwordHash'] });
    if (!user.passwordHash || !(await this.hasher.verify(user.passwordHash, password))) {
      throw new UnauthorizedError('The password is wrong');
    }
  }

  /** Addresses of the enabled admins of the founding household, who run the instance (for alerts). */
  async instanceAdminEmails(): Promise<string[]> {
    const admins = await this.em
      .fork()
      .find(
        User,
        { role: 'admin', disabledAt: null, household: { founding: true } },
        { filters: { household: false }, fields: ['email'] },
      );
    return admins.map((admin) => admin.email);
  }

  list(query: UserListQuery): Promise<Paginated<User>> {
    const where = {
      ...(query.role ? { role: query.role } : {}),
      ...(query.q
        ? {
            $or: [
              { email: { $ilike: containsPattern(query.q) } },
              { displayName: { $ilike: containsPattern(query.q) } },
            ],
          }
        : {}),
    };
    return this.em
      .findAndCount(User, where, { ...toFindOptions(query), populate: ['household'] })
      .then(([users, total]) => paginated(users, total));
  }

  /**
   * An admin changes a user's role or disables them. The household always keeps at least one
   * enabled admin; disabling ends the user's sessions at once.
   */
  async adminUpdate(
    principal: Principal,
    id: string,
    changes: AdminUpdateUserDto,
    origin: RequestOrigin,
  ): Promise<User> {
    return this.em.transactional(async (em) => {
      // Serialises admin changes within the household, so two admins cannot demote each other at once.
      await em.findOneOrFail(Household, principal.householdId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const user = await em.findOneOrFail(User, id, { populate: ['household'] });
      assertCurrentVersion(`User ${id}`, user, changes.version);
      const losesAdmin =
        user.role === 'admin' &&
        !user.disabledAt &&
        ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
      if (losesAdmin) {
        const admins = await em.count(User, { role: 'admin', disabledAt: null });
        if (admins <= 1) throw new ConflictError('The household needs at least one enabled admin');
      }
      if (changes.disabled === true && user.id === principal.userId)
        throw new ForbiddenError('You cannot disable yourself');
      if (changes.role !== undefined && changes.role !== user.role) {
        await this.audit.record(
          {
            action: 'user.role_changed',
            actor: principal,
            target: { type: 'user', id },
            origin,
            details: { from: user.role, to: changes.role },
          },
          em,
        );
        user.role = changes.role;
      }
      if (changes.disabled !== undefined && changes.disabled !== Boolean(user.disabledAt)) {
        user.disabledAt = changes.disabled ? new Date() : null;
        if (changes.disabled) await this.auth.revokeAllSessions(em, user.id, 'user_disabled');
        await this.audit.record(
          {
            action: changes.disabled ? 'user.disabled' : 'user.enabled',
            actor: principal,
            target: { type: 'user', id },
            origin,
          },
          em,
        );
      }
      return user;
    });
  }
}
