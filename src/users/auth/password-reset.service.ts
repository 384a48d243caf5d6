import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { ForbiddenError, NotFoundError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { passwordResetMail, passwordSignInReservedMail } from '../../mail/mail-templates.js';
import { MailService } from '../../mail/mail.service.js';
import { PASSWORD_LOGIN_REFUSED, PasswordLoginPolicy } from '../sso/password-login-policy.service.js';
import { User } from '../user.entity.js';
import { AuthService } from './auth.service.js';
import { OneTimeCode } from './one-time-code.entity.js';
import { PasswordHasher } from './password-hasher.js';
import { assertAcceptablePassword } from './password-rules.js';
import type { RequestOrigin } from './principal.js';
import { randomToken, sha256 } from './secrets.js';

/** How long a password-reset link stays valid. */
export const RESET_MINUTES = 30;

/** Forgotten passwords: a single-use mailed link that sets a new password and ends every session. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly em: EntityManager,
    private readonly mail: MailService,
    private readonly hasher: PasswordHasher,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly passwordLogin: PasswordLoginPolicy,
  ) {}

  /**
   * Mails a reset link when the address belongs to an enabled account. The caller answers the same
   * way either way, so nobody learns which addresses have accounts. An account that may not sign in
   * with a password (password sign-in is for admins only) is told by mail to use single sign-on.
   */
  async request(email: string, origin: RequestOrigin): Promise<void> {
    const em = this.em.fork();
    const user = await em.findOne(
      User,
      { email: email.trim().toLowerCase(), disabledAt: null },
      { filters: false },
    );
    if (!user) return;
    if (!(await this.passwordLogin.allows(user))) {
      await this.audit.record({
        action: 'auth.password_reset_requested',
        actor: { userId: user.id },
        origin,
        details: { refused: 'password_login_disabled' },
      });
      await this.mail.send(
        passwordSignInReservedMail({
          to: user.email,
          displayName: user.displayName,
          link: `${this.config.http.publicUrl}/admin/login`,
        }),
      );
      return;
    }
    await em.nativeDelete(OneTimeCode, { user: user.id, purpose: 'password_reset', usedAt: null });
    const token = randomToken();
    em.create(OneTimeCode, {
      user,
      purpose: 'password_reset',
      linkHash: sha256(token),
      expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000),
    });
    await em.flush();
    await this.audit.record({
      action: 'auth.password_reset_requested',
      actor: { userId: user.id },
      origin,
    });
    await this.mail.send(
      passwordResetMail({
        to: user.email,
        displayName: user.displayName,
        link: `${this.config.http.publicUrl}/admin/reset-password?token=${token}`,
        minutesValid: RESET_MINUTES,
      }),
    );
  }

  /**
   * Sets a new password with a reset token (once), proves the address, and signs out everywhere.
   * Refused (403, the token kept) while the account may not sign in with a password.
   */
  async confirm(token: string, newPassword: string, origin: RequestOrigin): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const pending = await em.findOne(
        OneTimeCode,
        { linkHash: sha256(token), purpose: 'password_reset', usedAt: null, expiresAt: { $gt: new Date() } },
        { populate: ['user', 'user.household'], filters: false },
      );
      if (!pending || pending.user.disabledAt)
        throw new NotFoundError('This reset link is invalid or has expired');
      const user = pending.user;
      if (!(await this.passwordLogin.allows(user))) throw new ForbiddenError(PASSWORD_LOGIN_REFUSED);
      assertAcceptablePassword(
        newPassword,
        { email: user.email, displayName: user.displayName },
        'newPassword',
      );
      pending.usedAt = new Date();
      user.passwordHash = await this.hasher.hash(newPassword);
      user.passwordChangedAt = new Date();
      user.emailVerifiedAt ??= new Date();
      await this.auth.revokeAllSessions(em, user.id, 'password_changed');
      await this.audit.record(
        { action: 'auth.password_reset', actor: { userId: user.id, householdId: user.household.id }, origin },
        em,
      );
    });
  }
}
