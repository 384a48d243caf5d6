import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { inviteMail } from '../../mail/mail-templates.js';
import { MailService } from '../../mail/mail.service.js';
import type { Principal, RequestOrigin } from '../auth/principal.js';
import { randomToken, sha256 } from '../auth/secrets.js';
import { User, type Role } from '../user.entity.js';
import { Household } from './household.entity.js';
import { Invite } from './invite.entity.js';

/** A new invite with its secret, which is shown this once. */
export interface CreatedInvite {
  invite: Invite;
  token: string;
  link: string;
}

/** Single-use invitations into the caller's household, created and revoked by its admins. */
@Injectable()
export class InvitesService {
  constructor(
    private readonly em: EntityManager,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async create(
    principal: Principal,
    input: { email?: string; role: Role; expiresInDays: number },
    origin: RequestOrigin,
  ): Promise<CreatedInvite> {
    const token = randomToken();
    const invite = this.em.create(Invite, {
      household: this.em.getReference(Household, principal.householdId),
      email: input.email?.trim().toLowerCase() ?? null,
      role: input.role,
      tokenHash: sha256(token),
      createdBy: this.em.getReference(User, principal.userId),
      expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
    });
    await this.audit.record(
      {
        action: 'invite.created',
        actor: principal,
        target: { type: 'invite', id: invite.id },
        origin,
        details: { role: input.role },
      },
      this.em,
    );
    await this.em.flush();
    const link = `${this.config.http.publicUrl}/admin/register?invite=${token}`;
    if (invite.email && this.mail.enabled) {
      const [household, inviter] = await Promise.all([
        this.em.findOneOrFail(Household, principal.householdId),
        this.em.findOneOrFail(User, principal.userId),
      ]);
      await this.mail.send(
        inviteMail({
          to: invite.email,
          householdName: household.name,
          invitedBy: inviter.displayName,
          link,
          expiresAt: invite.expiresAt,
        }),
      );
    }
    return { invite, token, link };
  }

  /** The household's invites, newest first. */
  list(): Promise<Invite[]> {
    return this.em.find(Invite, {}, { orderBy: { createdAt: 'DESC' } });
  }

  async revoke(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    const invite = await this.em.findOne(Invite, { id, usedAt: null, revokedAt: null });
    if (!invite) throw new NotFoundError(`Invite ${id} does not exist or can no longer be revoked`);
    invite.revokedAt = new Date();
    await this.audit.record(
      { action: 'invite.revoked', actor: principal, target: { type: 'invite', id }, origin },
      this.em,
    );
    await this.em.flush();
  }

  /** The open invite behind `token`, in any household (registration happens before sign-in). */
  findUsable(em: EntityManager, token: string): Promise<Invite | null> {
    return em.findOne(
      Invite,
      { tokenHash: sha256(token), usedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
      { populate: ['household'], filters: false },
    );
  }
}
