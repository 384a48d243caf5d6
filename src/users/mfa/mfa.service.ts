import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import QRCode from 'qrcode';
import { AuditService } from '../../audit/audit.service.js';
import { SecretBox, SecretBoxError } from '../../common/crypto/secret-box.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  UnavailableError,
} from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { storageSecretKey } from '../../config/storage-secret-key.js';
import { securityNoticeMail } from '../../mail/mail-templates.js';
import { MailService } from '../../mail/mail.service.js';
import { SettingsService, type VersionedSetting } from '../../settings/settings.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { Principal, RequestOrigin } from '../auth/principal.js';
import { User, type Role } from '../user.entity.js';
import { MfaChallenge } from './mfa-challenge.entity.js';
import {
  DEFAULT_MFA_POLICY,
  ENROLLED_FACTORS,
  MFA_POLICY_SETTING,
  policyRequires,
  type EnrolledFactor,
  type MfaPolicy,
  type SecondFactorMethod,
} from './mfa-policy.js';
import { hashRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { matchingStep, newTotpSecret, totpOf } from './totp.js';
import { UserTotp } from './user-totp.entity.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { Passkey } from '../passkeys/passkey.entity.js';
import { PasskeysService, type PasskeyFailure } from '../passkeys/passkeys.service.js';

/** A second factor as a client sends it: exactly one of the three. */
export interface SecondFactorProof {
  code?: string;
  recoveryCode?: string;
  /** A passkey's answer to the options of POST /auth/passkeys/mfa/options. */
  passkey?: { requestId: string; response: AuthenticationResponseJSON };
}

/** Why a second factor was refused, for the audit trail. */
export type SecondFactorFailure = 'wrong_code' | 'replayed_code' | 'not_enabled' | PasskeyFailure;

/** The outcome of checking a second factor. */
export type SecondFactorCheck =
  | { ok: true; method: SecondFactorMethod; recoveryCodesRemaining?: number }
  | { ok: false; method: SecondFactorMethod; reason: SecondFactorFailure };

/** What an authenticator app needs to be set up; the secret is shown this once. */
export interface TotpSetup {
  otpauthUri: string;
  qrCode: string;
  secret: string;
}

/** The caller's two-factor sign-in, without any secret. */
export interface MfaStatus {
  totpEnabled: boolean;
  totpEnabledAt: Date | null;
  recoveryCodesRemaining: number;
  required: boolean;
  enrolmentRequired: boolean;
}

/** What a TOTP secret is sealed for: the user's row, so a sealed value copied to another user does not open. */
/** What a user's sealed TOTP secret is bound to: it opens only as that user's. */
export const sealContext = (userId: string) => `user_totp:${userId}`;

/**
 * Options of the queries on the two-factor tables. Their rows are looked up by a user id the caller
 * has established (the principal, or a verified challenge), so the household filter MikroORM would join
 * in through the `user` relation adds nothing, and on the sign-in routes it has no argument at all.
 */
const BY_USER_ID = { filters: false } as const;

/** The answer to a wrong code on a route that confirms a change (not a sign-in). */
const WRONG_CODE = 'The code is wrong or has already been used';

/**
 * Two-factor sign-in: enrolment of an authenticator app (TOTP, RFC 6238), recovery codes, checking a
 * second factor, turning it off (the owner, or a household admin resetting it), and the instance's
 * policy of who must use it. TOTP secrets are sealed at rest with the storage SecretBox; recovery
 * codes are kept as hashes. Neither is ever logged nor returned after the answer that created it.
 *
 * Confirmation failures on signed-in routes answer 403, not 401: the session is fine, and a 401 would
 * make the console drop it.
 */
@Injectable()
export class MfaService {
  private readonly logger = new Logger(MfaService.name);
  private readonly box: SecretBox;

  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly passkeys: PasskeysService,
    config: AppConfig,
  ) {
    this.box = new SecretBox(storageSecretKey(config));
  }

  /** The caller's two-factor sign-in and whether the policy requires it of them. */
  async status(principal: Principal): Promise<MfaStatus> {
    const em = this.em.fork();
    const totp = await em.findOne(
      UserTotp,
      { user: principal.userId, confirmedAt: { $ne: null } },
      BY_USER_ID,
    );
    const recoveryCodesRemaining = await em.count(
      RecoveryCode,
      { user: principal.userId, usedAt: null },
      BY_USER_ID,
    );
    const required = policyRequires((await this.policy()).value, principal.role);
    return {
      totpEnabled: totp !== null,
      totpEnabledAt: totp?.confirmedAt ?? null,
      recoveryCodesRemaining,
      required,
      // As the enrolment guard decides: a passkey is a second factor too.
      enrolmentRequired: required && !(await this.isEnabled(principal.userId, em)),
    };
  }

  /** Whether `userId` has a confirmed authenticator app. */
  async totpEnabled(userId: string, em: EntityManager = this.em.fork()): Promise<boolean> {
    return (await em.count(UserTotp, { user: userId, confirmedAt: { $ne: null } }, BY_USER_ID)) > 0;
  }

  /**
   * The second factors each of `userIds` has set up (`passkey`, `totp`), for an admin's view of the
   * household; two queries for any number of users. Users with none map to an empty list.
   */
  async enrolledFactors(userIds: readonly string[]): Promise<Map<string, EnrolledFactor[]>> {
    const em = this.em.fork();
    const ids = [...userIds];
    const [withPasskeys, withTotp] = await Promise.all([
      em.find(Passkey, { user: { $in: ids } }, { ...BY_USER_ID, fields: ['user'] }),
      em.find(
        UserTotp,
        { user: { $in: ids }, confirmedAt: { $ne: null } },
        { ...BY_USER_ID, fields: ['user'] },
      ),
    ]);
    const has = (rows: { user: { id: string } }[]) => new Set(rows.map((row) => row.user.id));
    const passkeys = has(withPasskeys);
    const totp = has(withTotp);
    return new Map(
      ids.map((id) => [
        id,
        ENROLLED_FACTORS.filter((factor) => (factor === 'passkey' ? passkeys : totp).has(id)),
      ]),
    );
  }

  /**
   * The second factors `userId` can finish a sign-in with (a passkey, an authenticator app and its
   * recovery codes); empty when two-factor sign-in is off.
   */
  async secondFactorMethods(
    userId: string,
    em: EntityManager = this.em.fork(),
  ): Promise<SecondFactorMethod[]> {
    const methods: SecondFactorMethod[] = [];
    if (await this.passkeys.hasPasskeys(userId, em)) methods.push('passkey');
    if (await this.totpEnabled(userId, em)) methods.push('totp', 'recovery_code');
    return methods;
  }

  /** Whether signing in as `userId` asks for a second factor. */
  async isEnabled(userId: string, em: EntityManager = this.em.fork()): Promise<boolean> {
    return (await this.secondFactorMethods(userId, em)).length > 0;
  }

  /** Whether the policy requires two-factor sign-in of this user and they have not turned it on. */
  async enrolmentRequired(userId: string, role: Role): Promise<boolean> {
    if (!policyRequires((await this.policy()).value, role)) return false;
    return !(await this.isEnabled(userId));
  }

  /**
   * Starts setting up an authenticator app: checks the password, then makes a new secret (replacing
   * one whose set-up was never confirmed). Two-factor sign-in stays off until {@link confirmTotp}.
   */
  async startTotpSetup(principal: Principal, password: string): Promise<TotpSetup> {
    this.assertSession(principal);
    return this.em.fork().transactional(async (em) => {
      const user = await this.checkPassword(em, principal.userId, password);
      const existing = await em.findOne(
        UserTotp,
        { user: user.id },
        { ...BY_USER_ID, lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (existing?.confirmedAt) {
        throw new ConflictError(
          'Two-factor sign-in is already on; turn it off first to set up another authenticator app',
        );
      }
      const secret = newTotpSecret();
      const sealedSecret = this.box.seal(secret, sealContext(user.id));
      if (existing) existing.sealedSecret = sealedSecret;
      else em.create(UserTotp, { user, sealedSecret });
      const otpauthUri = totpOf(secret, user.email).toString();
      const qrCode = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 256 });
      return { otpauthUri, qrCode, secret };
    });
  }

  /**
   * Turns two-factor sign-in on once the app shows a valid code, and returns the recovery codes (this
   * once). The code's time step counts as used, like any accepted code.
   */
  async confirmTotp(principal: Principal, code: string, origin: RequestOrigin): Promise<string[]> {
    this.assertSession(principal);
    return this.em.fork().transactional(async (em) => {
      const totp = await em.findOne(
        UserTotp,
        { user: principal.userId },
        { ...BY_USER_ID, populate: ['sealedSecret'], lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!totp) throw new ConflictError('Start the set-up first (POST /auth/mfa/totp/setup)');
      if (totp.confirmedAt) throw new ConflictError('Two-factor sign-in is already on');
      const step = matchingStep(totpOf(this.openSecret(totp)), code);
      if (step === null) {
        throw new InvalidError(
          'The code does not match: check that the clock of the device with the authenticator app is right',
          [{ field: 'code', message: 'the code does not match' }],
        );
      }
      totp.confirmedAt = new Date();
      totp.lastUsedStep = step;
      const recoveryCodes = await this.replaceRecoveryCodes(em, principal.userId);
      await this.audit.record(
        {
          action: 'auth.mfa_enabled',
          actor: principal,
          target: { type: 'user', id: principal.userId },
          origin,
          details: { method: 'totp' },
        },
        em,
      );
      return recoveryCodes;
    });
  }

  /** Turns the caller's two-factor sign-in off, after their password and a current code. */
  async disable(
    principal: Principal,
    password: string,
    proof: SecondFactorProof,
    origin: RequestOrigin,
  ): Promise<void> {
    this.assertSession(principal);
    const user = await this.em.fork().transactional(async (em) => {
      const user = await this.confirmIdentity(em, principal, password, proof, origin, 'disable');
      await this.removeSecondFactors(em, user.id);
      await this.audit.record(
        { action: 'auth.mfa_disabled', actor: principal, target: { type: 'user', id: user.id }, origin },
        em,
      );
      return user;
    });
    await this.notify(user, 'Two-factor sign-in was turned off: signing in now takes only your password.');
  }

  /** Replaces the caller's recovery codes (the old ones stop working), after their password and a code. */
  async regenerateRecoveryCodes(
    principal: Principal,
    password: string,
    proof: SecondFactorProof,
    origin: RequestOrigin,
  ): Promise<string[]> {
    this.assertSession(principal);
    return this.em.fork().transactional(async (em) => {
      const user = await this.confirmIdentity(em, principal, password, proof, origin, 'regenerate');
      const recoveryCodes = await this.replaceRecoveryCodes(em, user.id);
      await this.audit.record(
        {
          action: 'auth.recovery_codes_regenerated',
          actor: principal,
          target: { type: 'user', id: user.id },
          origin,
        },
        em,
      );
      return recoveryCodes;
    });
  }

  /**
   * A household admin turns another member's two-factor sign-in off (a lost phone and lost codes),
   * and the member is told by mail. Users of other households are 404, as everywhere. Returns whether
   * the mail went out.
   */
  async reset(principal: Principal, userId: string, origin: RequestOrigin): Promise<boolean> {
    if (userId === principal.userId) {
      throw new ForbiddenError(
        'Turn off your own two-factor sign-in with your password and a code (POST /auth/mfa/totp/disable)',
      );
    }
    const { user, admin } = await this.em.transactional(async (em) => {
      const user = await em.findOne(User, { id: userId });
      if (!user) throw new NotFoundError(`User ${userId} does not exist`);
      const admin = await em.findOneOrFail(User, { id: principal.userId });
      // A member who lost their only passkey must get back in too: the reset removes passkeys as well
      // (turning off one's own authenticator app does not).
      const passkeys = await em.nativeDelete(Passkey, { user: user.id });
      if (!(await this.removeSecondFactors(em, user.id)) && passkeys === 0) {
        throw new ConflictError(`${user.displayName} has no two-factor sign-in to reset`);
      }
      await this.audit.record(
        { action: 'auth.mfa_reset', actor: principal, target: { type: 'user', id: user.id }, origin },
        em,
      );
      return { user, admin };
    });
    return this.notify(
      user,
      `${admin.displayName}, an administrator of your household, reset your two-factor sign-in: ` +
        'signing in now takes only your password until you set it up again.',
    );
  }

  /**
   * Checks a second factor of `userId` inside `em`'s transaction. An accepted TOTP code marks its time
   * step used (that code, and any older one, is refused from then on); an accepted recovery code is
   * spent. The TOTP row is locked, so two requests racing with one code cannot both pass.
   */
  async verifySecondFactor(
    em: EntityManager,
    userId: string,
    proof: SecondFactorProof,
  ): Promise<SecondFactorCheck> {
    if (proof.passkey !== undefined) {
      const check = await this.passkeys.verifySecondFactor(
        userId,
        proof.passkey.requestId,
        proof.passkey.response,
        em,
      );
      return check.ok
        ? { ok: true, method: 'passkey' }
        : { ok: false, method: 'passkey', reason: check.reason };
    }
    if (proof.recoveryCode !== undefined) {
      const spent = await em.nativeUpdate(
        RecoveryCode,
        { user: userId, codeHash: hashRecoveryCode(proof.recoveryCode), usedAt: null },
        { usedAt: new Date() },
      );
      if (spent === 0) return { ok: false, method: 'recovery_code', reason: 'wrong_code' };
      const recoveryCodesRemaining = await em.count(RecoveryCode, { user: userId, usedAt: null }, BY_USER_ID);
      return { ok: true, method: 'recovery_code', recoveryCodesRemaining };
    }
    const totp = await em.findOne(
      UserTotp,
      { user: userId, confirmedAt: { $ne: null } },
      { ...BY_USER_ID, populate: ['sealedSecret'], lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!totp) return { ok: false, method: 'totp', reason: 'not_enabled' };
    const step = matchingStep(totpOf(this.openSecret(totp)), proof.code ?? '');
    if (step === null) return { ok: false, method: 'totp', reason: 'wrong_code' };
    if (totp.lastUsedStep !== null && totp.lastUsedStep !== undefined && step <= totp.lastUsedStep) {
      return { ok: false, method: 'totp', reason: 'replayed_code' };
    }
    totp.lastUsedStep = step;
    return { ok: true, method: 'totp' };
  }

  /** Mails `user` that something changed on their account; false when it could not be sent. */
  async notify(user: Pick<User, 'id' | 'email' | 'displayName'>, what: string): Promise<boolean> {
    if (!this.mail.enabled) return false;
    try {
      await this.mail.send(securityNoticeMail({ to: user.email, displayName: user.displayName, what }));
      return true;
    } catch (error) {
      // The change itself is done and must not be undone because a mail server is down.
      this.logger.warn({ err: error, userId: user.id }, 'Could not mail a security notice');
      return false;
    }
  }

  /** Who must use two-factor sign-in on this instance. */
  policy(): Promise<VersionedSetting<MfaPolicy>> {
    return this.settings.get<MfaPolicy>(MFA_POLICY_SETTING, DEFAULT_MFA_POLICY);
  }

  /**
   * Changes the policy. An admin without two-factor sign-in cannot require it: the policy would apply
   * to them at once and shut them out of everything but enrolment, this setting included.
   */
  async setPolicy(
    principal: Principal,
    mode: MfaPolicy,
    version: number,
    origin: RequestOrigin,
  ): Promise<VersionedSetting<MfaPolicy>> {
    if (policyRequires(mode, principal.role) && !(await this.isEnabled(principal.userId))) {
      throw new InvalidError('Turn on two-factor sign-in for your own account before requiring it', [
        { field: 'mode', message: 'requires two-factor sign-in of you, and it is off' },
      ]);
    }
    const updated = await this.settings.set(MFA_POLICY_SETTING, mode, version);
    await this.audit.record({
      action: 'settings.mfa_policy_changed',
      actor: principal,
      origin,
      details: { mode: updated.value },
    });
    return updated;
  }

  /**
   * The password and a second factor, for a change that weakens or replaces two-factor sign-in: a
   * stolen session alone must not be enough. A wrong factor is audited even though the request fails.
   */
  private async confirmIdentity(
    em: EntityManager,
    principal: Principal,
    password: string,
    proof: SecondFactorProof,
    origin: RequestOrigin,
    purpose: 'disable' | 'regenerate',
  ): Promise<User> {
    const user = await this.checkPassword(em, principal.userId, password);
    if (!(await this.totpEnabled(user.id, em))) throw new ConflictError('Two-factor sign-in is not on');
    const check = await this.verifySecondFactor(em, user.id, proof);
    if (!check.ok) {
      await this.audit.record({
        action: 'auth.mfa_failed',
        actor: principal,
        target: { type: 'user', id: user.id },
        origin,
        details: { method: check.method, reason: check.reason, purpose },
      });
      const field = check.method === 'totp' ? 'code' : 'recoveryCode';
      throw new ForbiddenError(WRONG_CODE, [{ field, message: 'wrong or already used' }]);
    }
    return user;
  }

  private async checkPassword(em: EntityManager, userId: string, password: string): Promise<User> {
    const user = await em.findOneOrFail(User, userId, { populate: ['passwordHash'], filters: false });
    if (!user.passwordHash || !(await this.hasher.verify(user.passwordHash, password))) {
      throw new ForbiddenError('The password is wrong', [{ field: 'password', message: 'wrong password' }]);
    }
    return user;
  }

  /**
   * Two-factor settings are managed from a signed-in session only: an API token is for scripts, and a
   * leaked one must not be able to enrol an attacker's authenticator or read a new secret.
   */
  private assertSession(principal: Principal): void {
    if (!principal.sessionId) {
      throw new ForbiddenError(
        'Two-factor sign-in is managed from a signed-in session, not with an API token',
      );
    }
  }

  /** Deletes the user's authenticator, recovery codes and pending challenges; false when there was none. */
  private async removeSecondFactors(em: EntityManager, userId: string): Promise<boolean> {
    const authenticators = await em.nativeDelete(UserTotp, { user: userId });
    const recoveryCodes = await em.nativeDelete(RecoveryCode, { user: userId });
    await em.nativeDelete(MfaChallenge, { user: userId });
    return authenticators + recoveryCodes > 0;
  }

  private async replaceRecoveryCodes(em: EntityManager, userId: string): Promise<string[]> {
    await em.nativeDelete(RecoveryCode, { user: userId });
    const user = em.getReference(User, userId);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
    for (const code of codes) em.create(RecoveryCode, { user, codeHash: hashRecoveryCode(code) });
    await em.flush();
    return codes;
  }

  private openSecret(totp: UserTotp): string {
    try {
      return this.box.open(totp.sealedSecret, sealContext(totp.user.id));
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      this.logger.error(
        { userId: totp.user.id },
        'A TOTP secret does not open: was the storage secret key changed?',
      );
      throw new UnavailableError(
        'Two-factor sign-in of this account cannot be checked (the server key changed); an admin can reset it',
      );
    }
  }
}
