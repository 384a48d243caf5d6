import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, InvalidError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { MailService } from '../../mail/mail.service.js';
import { SettingsService } from '../../settings/settings.service.js';
import { Household } from '../households/household.entity.js';
import { InvitesService } from '../households/invites.service.js';
import {
  DEFAULT_REGISTRATION_MODE,
  REGISTRATION_MODE_SETTING,
  type RegistrationMode,
} from '../households/registration-mode.js';
import { User, type Role } from '../user.entity.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordHasher } from './password-hasher.js';
import { assertAcceptablePassword } from './password-rules.js';
import type { RequestOrigin } from './principal.js';
import { TokenIssuer, type TokenPair } from './token-issuer.service.js';

/** Advisory lock key serialising registrations, so exactly one "first user" can exist ("whkr"). */
const REGISTRATION_LOCK = 0x77686b72;

/** What the sign-in screen needs to know before anyone signs in. */
export interface AuthConfiguration {
  /** No account exists yet: the next registration creates the first admin. */
  firstRun: boolean;
  registrationMode: RegistrationMode;
  /** Whether mail is configured (verification mails, password reset, invite mails). */
  emailEnabled: boolean;
  emailVerificationRequired: boolean;
}

/** What a new account is made of. */
export interface Registration {
  email: string;
  password: string;
  displayName: string;
  householdName?: string;
  inviteToken?: string;
}

/** Creating accounts: the first admin, open sign-up into new households, and invitations. */
@Injectable()
export class RegistrationService {
  private readonly logger = new Logger(RegistrationService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly settings: SettingsService,
    private readonly invites: InvitesService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly verification: EmailVerificationService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async configuration(): Promise<AuthConfiguration> {
    const users = await this.em.fork().count(User, {}, { filters: false });
    return {
      firstRun: users === 0,
      registrationMode: (await this.mode()).value,
      emailEnabled: this.mail.enabled,
      emailVerificationRequired: this.config.auth.requireEmailVerification,
    };
  }

  mode() {
    return this.settings.get<RegistrationMode>(REGISTRATION_MODE_SETTING, DEFAULT_REGISTRATION_MODE);
  }

  /**
   * Creates an account and signs it in. The very first account becomes the admin of a new (founding)
   * household; later ones follow the registration mode, or join the household of their invite.
   */
  async register(input: Registration, origin: RequestOrigin): Promise<{ tokens: TokenPair; user: User }> {
    const email = input.email.trim().toLowerCase();
    assertAcceptablePassword(input.password, { email, displayName: input.displayName });
    const passwordHash = await this.hasher.hash(input.password);
    const mode = (await this.mode()).value;

    const { user, tokens } = await this.em.fork().transactional(async (em) => {
      await em.execute('select pg_advisory_xact_lock(?)', [REGISTRATION_LOCK]);
      if (await em.count(User, { email }, { filters: false })) {
        throw new ConflictError('An account with this email address already exists', [
          { field: 'email', message: 'already registered' },
        ]);
      }
      const firstRun = (await em.count(User, {}, { filters: false })) === 0;
      let household: Household;
      let role: Role;
      if (firstRun) {
        household = em.create(Household, {
          name: input.householdName ?? `${input.displayName}'s collection`,
          founding: true,
        });
        role = 'admin';
      } else if (input.inviteToken) {
        const invite = await this.invites.findUsable(em, input.inviteToken);
        if (!invite)
          throw new InvalidError('This invite is invalid, used or expired', [
            { field: 'inviteToken', message: 'not usable' },
          ]);
        if (invite.email && invite.email !== email) {
          throw new InvalidError('This invite is for another email address', [
            { field: 'email', message: 'does not match the invite' },
          ]);
        }
        household = invite.household;
        role = invite.role;
        invite.usedAt = new Date();
      } else if (mode === 'open') {
        household = em.create(Household, {
          name: input.householdName ?? `${input.displayName}'s collection`,
        });
        role = 'admin';
      } else {
        throw new ForbiddenError(
          mode === 'closed' ? 'Registration is closed' : 'Registration needs an invite',
        );
      }
      const created = em.create(User, {
        household,
        email,
        displayName: input.displayName,
        passwordHash,
        role,
      });
      if (input.inviteToken && !firstRun) {
        const invite = await this.invites.findUsable(em, input.inviteToken);
        if (invite) invite.usedBy = created;
      }
      await this.audit.record(
        {
          action: 'user.registered',
          actor: { userId: created.id, householdId: household.id },
          target: { type: 'user', id: created.id },
          origin,
          details: { role, via: firstRun ? 'first_run' : input.inviteToken ? 'invite' : 'open' },
        },
        em,
      );
      return { user: created, tokens: await this.tokens.openSession(em, created, origin) };
    });

    if (this.mail.enabled) {
      await this.verification.send(user).catch((error: unknown) => {
        this.logger.warn(
          { err: error, userId: user.id },
          'Could not send the verification mail; the user can ask again',
        );
      });
    }
    return { user, tokens };
  }
}
