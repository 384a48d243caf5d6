import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, InvalidError, NotFoundError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { verificationMail } from '../../mail/mail-templates.js';
import { MailService } from '../../mail/mail.service.js';
import { User } from '../user.entity.js';
import { OneTimeCode } from './one-time-code.entity.js';
import type { Principal, RequestOrigin } from './principal.js';
import { randomCode, randomToken, sha256 } from './secrets.js';

/** How long a verification code and link stay valid. */
export const VERIFICATION_MINUTES = 10;
/** Wrong codes allowed before a new code is needed. */
export const VERIFICATION_MAX_ATTEMPTS = 5;

/** Proves a user owns their email address: a 6-digit code to type, or a link to follow. */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly em: EntityManager,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Mails a fresh code and link to `user`, replacing any earlier ones. */
  async send(user: User): Promise<void> {
    if (user.emailVerifiedAt) throw new ConflictError('This email address is already verified');
    const em = this.em.fork();
    await em.nativeDelete(OneTimeCode, { user: user.id, purpose: 'email_verification', usedAt: null });
    const code = randomCode();
    const linkToken = randomToken();
    em.create(OneTimeCode, {
      user: em.getReference(User, user.id),
      purpose: 'email_verification',
      codeHash: sha256(`${user.id}:${code}`),
      linkHash: sha256(linkToken),
      expiresAt: new Date(Date.now() + VERIFICATION_MINUTES * 60_000),
    });
    await em.flush();
    await this.mail.send(
      verificationMail({
        to: user.email,
        displayName: user.displayName,
        code,
        link: `${this.config.http.publicUrl}/admin/verify-email?token=${linkToken}`,
        minutesValid: VERIFICATION_MINUTES,
      }),
    );
  }

  /** Sends the caller a new code. */
  async resend(principal: Principal): Promise<void> {
    const user = await this.em.findOneOrFail(User, principal.userId);
    await this.send(user);
  }

  /**
   * Checks a typed code. Each wrong code counts; after {@link VERIFICATION_MAX_ATTEMPTS} the code is
   * dead and a new one must be requested. Expired codes are refused.
   */
  async verifyCode(principal: Principal, code: string, origin: RequestOrigin): Promise<void> {
    // A wrong code must stay counted: the refusal is thrown after the transaction has committed it.
    const refusal = await this.em.fork().transactional(async (em) => {
      const pending = await em.findOne(
        OneTimeCode,
        { user: principal.userId, purpose: 'email_verification', usedAt: null },
        { orderBy: { createdAt: 'DESC' }, filters: false, lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!pending || pending.expiresAt <= new Date() || pending.attempts >= VERIFICATION_MAX_ATTEMPTS) {
        return new InvalidError('No valid verification code: request a new one');
      }
      if (pending.codeHash !== sha256(`${principal.userId}:${code}`)) {
        pending.attempts += 1;
        const left = VERIFICATION_MAX_ATTEMPTS - pending.attempts;
        return new InvalidError(
          left > 0
            ? `Wrong code; ${left} attempt${left === 1 ? '' : 's'} left`
            : 'Wrong code; request a new one',
          [{ field: 'code', message: 'wrong code' }],
        );
      }
      await this.markVerified(em, pending, origin);
      return undefined;
    });
    if (refusal) throw refusal;
  }

  /** Follows a mailed link (no sign-in needed: the link itself is the proof). */
  async verifyLink(token: string, origin: RequestOrigin): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const pending = await em.findOne(
        OneTimeCode,
        {
          linkHash: sha256(token),
          purpose: 'email_verification',
          usedAt: null,
          expiresAt: { $gt: new Date() },
        },
        { filters: false },
      );
      if (!pending) throw new NotFoundError('This verification link is invalid or has expired');
      await this.markVerified(em, pending, origin);
    });
  }

  private async markVerified(em: EntityManager, pending: OneTimeCode, origin: RequestOrigin): Promise<void> {
    pending.usedAt = new Date();
    const user = await em.findOneOrFail(User, pending.user.id, { filters: false, populate: ['household'] });
    user.emailVerifiedAt = new Date();
    await this.audit.record(
      { action: 'user.email_verified', actor: { userId: user.id, householdId: user.household.id }, origin },
      em,
    );
  }
}
