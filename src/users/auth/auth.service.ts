import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AuditService } from '../../audit/audit.service.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../common/errors/domain-error.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { MfaChallenges, SignInExpiredError } from '../mfa/mfa-challenges.service.js';
import { policyRequires } from '../mfa/mfa-policy.js';
import { MfaService, type SecondFactorProof } from '../mfa/mfa.service.js';
import { PASSWORD_LOGIN_REFUSED, PasswordLoginPolicy } from '../sso/password-login-policy.service.js';
import { User } from '../user.entity.js';
import { AuthSession } from './auth-session.entity.js';
import { LoginAttempts } from './login-attempts.service.js';
import { PasswordHasher } from './password-hasher.js';
import type { Principal, RequestOrigin } from './principal.js';
import { RefreshToken } from './refresh-token.entity.js';
import { sha256 } from './secrets.js';
import { TokenIssuer, type TokenPair } from './token-issuer.service.js';
import type { SecondFactorMethod } from '../mfa/mfa-policy.js';

/** Why a session ended, as recorded on it. */
export type RevocationReason =
  'logout' | 'revoked' | 'password_changed' | 'user_disabled' | 'refresh_token_reused';

const INVALID_LOGIN = 'Invalid email or password';

/** What a correct password leads to: a session, or (two-factor sign-in on) a challenge for the second step. */
export type LoginOutcome =
  | { kind: 'session'; tokens: TokenPair; user: User; mfaEnrolmentRequired: boolean }
  | { kind: 'mfa_challenge'; challenge: string; expiresIn: number; methods: SecondFactorMethod[] };

/** A sign-in completed with a second factor. */
export interface MfaSignIn {
  tokens: TokenPair;
  user: User;
  /** Set when a recovery code was used: how many are left. */
  recoveryCodesRemaining?: number;
}

/** Signing in and out, refresh-token rotation with reuse detection, and the user's list of sessions. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private readonly logins: Counter;
  private readonly loginFailures: Counter;
  private readonly refreshTokenReuses: Counter;
  private readonly mfaFailures: Counter<'method'>;

  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly attempts: LoginAttempts,
    private readonly audit: AuditService,
    private readonly mfa: MfaService,
    private readonly challenges: MfaChallenges,
    private readonly passwordLogin: PasswordLoginPolicy,
    metrics: MetricsService,
  ) {
    this.logins = new Counter({
      name: 'whiskey_auth_logins_total',
      help: 'Successful password sign-ins.',
      registers: [metrics.registry],
    });
    this.loginFailures = new Counter({
      name: 'whiskey_auth_login_failures_total',
      help: 'Failed password sign-ins (wrong password, unknown or disabled account).',
      registers: [metrics.registry],
    });
    this.refreshTokenReuses = new Counter({
      name: 'whiskey_auth_refresh_token_reuse_total',
      help: 'Refresh tokens presented again after they were exchanged (a leaked token; the session is revoked).',
      registers: [metrics.registry],
    });
    this.mfaFailures = new Counter({
      name: 'whiskey_auth_mfa_failures_total',
      help: 'Wrong second factors presented to complete a sign-in, by method (totp, recovery_code).',
      labelNames: ['method'] as const,
      registers: [metrics.registry],
    });
  }

  /**
   * Signs in with email and password. Unknown addresses, wrong passwords and disabled accounts get the
   * same answer after the same work, so the answer does not tell which addresses exist. With two-factor
   * sign-in on, a correct password yields a challenge instead of a session (see {@link completeMfaSignIn}).
   */
  async login(email: string, password: string, origin: RequestOrigin): Promise<LoginOutcome> {
    const account = email.trim().toLowerCase();
    await this.attempts.assertAllowed(account);
    const em = this.em.fork();
    const user = await em.findOne(
      User,
      { email: account },
      { populate: ['household', 'passwordHash'], filters: false },
    );
    const passwordOk = user?.passwordHash
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyDummy(password);
    if (!user || !passwordOk || user.disabledAt) {
      await this.attempts.recordFailure(account);
      this.loginFailures.inc();
      await this.audit.record({
        action: 'auth.login_failed',
        actor: user ? { userId: user.id, householdId: user.household.id } : undefined,
        origin,
        details: { reason: !user ? 'unknown_account' : user.disabledAt ? 'disabled' : 'wrong_password' },
      });
      throw new UnauthorizedError(INVALID_LOGIN);
    }
    if (!(await this.passwordLogin.allows(user))) {
      // Checked once the password is known to be right, so the answer tells a guesser nothing.
      await this.audit.record({
        action: 'auth.login_failed',
        actor: { userId: user.id, householdId: user.household.id },
        origin,
        details: { reason: 'password_login_disabled' },
      });
      throw new ForbiddenError(PASSWORD_LOGIN_REFUSED);
    }
    if (this.hasher.needsRehash(user.passwordHash!)) user.passwordHash = await this.hasher.hash(password);
    const methods = await this.mfa.secondFactorMethods(user.id, em);
    if (methods.length > 0) {
      // The account's failure count is left as it is until the second factor is right too, so that
      // wrong codes add up with wrong passwords in one backoff that a correct password cannot reset.
      return { kind: 'mfa_challenge', methods, ...(await this.challenges.open(em, user)) };
    }
    await this.attempts.recordSuccess(account);
    const tokens = await this.tokens.openSession(em, user, origin);
    this.logins.inc();
    await this.audit.record({
      action: 'auth.login',
      actor: { userId: user.id, householdId: user.household.id },
      target: { type: 'session', id: tokens.sessionId },
      origin,
    });
    // Two-factor sign-in is known to be off here: only the policy decides.
    const mfaEnrolmentRequired = policyRequires((await this.mfa.policy()).value, user.role);
    return { kind: 'session', tokens, user, mfaEnrolmentRequired };
  }

  /**
   * The second step of a sign-in: the challenge from {@link login} and a TOTP or recovery code. Each
   * wrong code counts as a failed login of the account (the same backoff as wrong passwords) and
   * against the challenge, which dies at the fifth; a used recovery code is audited, and its owner told
   * by mail how many are left.
   */
  async completeMfaSignIn(
    challengeToken: string,
    proof: SecondFactorProof,
    origin: RequestOrigin,
  ): Promise<MfaSignIn> {
    // As in refresh: decided inside the transaction, thrown after it, so that the counted failure
    // (or the killed challenge) is committed rather than rolled back with the error.
    const outcome = await this.em.fork().transactional(async (em) => {
      const challenge = await this.challenges.take(em, challengeToken);
      const user = challenge
        ? await em.findOneOrFail(User, challenge.user.id, { populate: ['household'], filters: false })
        : undefined;
      if (!challenge || !user || user.disabledAt) {
        return {
          ok: false,
          ended: true,
          error: 'The sign-in has expired or was cancelled; sign in again',
        } as const;
      }
      await this.attempts.assertAllowed(user.email);
      const actor = { userId: user.id, householdId: user.household.id };
      const check = await this.mfa.verifySecondFactor(em, user.id, proof);
      if (!check.ok) {
        const dead = this.challenges.fail(em, challenge);
        await this.attempts.recordFailure(user.email);
        this.mfaFailures.inc({ method: check.method });
        await this.audit.record(
          {
            action: 'auth.mfa_failed',
            actor,
            origin,
            details: { method: check.method, reason: check.reason, challengeEnded: dead },
          },
          em,
        );
        return {
          ok: false,
          ended: dead,
          error: dead
            ? 'Too many wrong codes: this sign-in was cancelled; sign in again'
            : 'The code is wrong or has already been used',
        } as const;
      }
      this.challenges.settle(em, challenge);
      await this.attempts.recordSuccess(user.email);
      const tokens = await this.tokens.openSession(em, user, origin);
      if (check.method === 'recovery_code') {
        await this.audit.record(
          {
            action: 'auth.recovery_code_used',
            actor,
            target: { type: 'user', id: user.id },
            origin,
            details: { remaining: check.recoveryCodesRemaining },
          },
          em,
        );
      }
      await this.audit.record(
        {
          action: 'auth.login',
          actor,
          target: { type: 'session', id: tokens.sessionId },
          origin,
          details: { secondFactor: check.method },
        },
        em,
      );
      return { ok: true, tokens, user, recoveryCodesRemaining: check.recoveryCodesRemaining } as const;
    });
    if (!outcome.ok) {
      throw outcome.ended ? new SignInExpiredError(outcome.error) : new UnauthorizedError(outcome.error);
    }
    this.logins.inc();
    if (outcome.recoveryCodesRemaining !== undefined) {
      await this.mfa.notify(
        outcome.user,
        `A recovery code was used to sign in; ${outcome.recoveryCodesRemaining} unused recovery codes are left.`,
      );
    }
    return {
      tokens: outcome.tokens,
      user: outcome.user,
      recoveryCodesRemaining: outcome.recoveryCodesRemaining,
    };
  }

  /**
   * Exchanges a refresh token for a new pair. A token that was already exchanged means it leaked (or a
   * client misbehaves): the whole session is revoked and the event is recorded.
   */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<{ tokens: TokenPair; user: User }> {
    // The outcome is decided inside the transaction but thrown after it, so that revoking a session
    // on reuse is committed rather than rolled back with the error.
    const outcome = await this.em.fork().transactional(async (em) => {
      const token = await em.findOne(
        RefreshToken,
        { tokenHash: sha256(refreshToken) },
        {
          populate: ['session', 'session.user', 'session.user.household'],
          filters: false,
          lockMode: LockMode.PESSIMISTIC_WRITE,
        },
      );
      if (!token) return { ok: false, error: 'Unknown refresh token' } as const;
      const session = token.session;
      const user = session.user;
      if (token.usedAt) {
        if (!session.revokedAt) this.revoke(session, 'refresh_token_reused');
        this.refreshTokenReuses.inc();
        this.logger.warn(
          { sessionId: session.id, userId: user.id, ip: origin.ip },
          'Refresh token reuse detected',
        );
        await this.audit.record(
          {
            action: 'auth.refresh_token_reused',
            actor: { userId: user.id, householdId: user.household.id },
            target: { type: 'session', id: session.id },
            origin,
          },
          em,
        );
        return {
          ok: false,
          error: 'This refresh token was already used; the session has been revoked',
        } as const;
      }
      if (session.revokedAt || session.expiresAt <= new Date() || user.disabledAt) {
        return { ok: false, error: 'The session has ended; sign in again' } as const;
      }
      token.usedAt = new Date();
      session.lastUsedAt = new Date();
      session.ip = origin.ip;
      return { ok: true, tokens: await this.tokens.issue(em, session), user } as const;
    });
    if (!outcome.ok) throw new UnauthorizedError(outcome.error);
    return { tokens: outcome.tokens, user: outcome.user };
  }

  /** Ends the caller's current session. */
  async logout(principal: Principal, origin: RequestOrigin): Promise<void> {
    if (!principal.sessionId) return;
    await this.revokeSession(principal, principal.sessionId, 'logout', origin);
  }

  /** The caller's open sessions, most recently used first. */
  async sessions(principal: Principal): Promise<AuthSession[]> {
    return this.em.find(
      AuthSession,
      { user: principal.userId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { lastUsedAt: 'DESC' } },
    );
  }

  /** Ends one of the caller's sessions (404 for sessions of anyone else). */
  async revokeSession(
    principal: Principal,
    sessionId: string,
    reason: RevocationReason,
    origin: RequestOrigin,
  ): Promise<void> {
    const em = this.em.fork();
    const session = await em.findOne(AuthSession, { id: sessionId, user: principal.userId, revokedAt: null });
    if (!session) throw new NotFoundError(`Session ${sessionId} does not exist`);
    this.revoke(session, reason);
    await this.audit.record(
      {
        action: 'auth.session_revoked',
        actor: principal,
        target: { type: 'session', id: session.id },
        origin,
      },
      em,
    );
    await em.flush();
  }

  /** Ends every open session of a user (password change, account disabled), except `keep` if given. */
  async revokeAllSessions(
    em: EntityManager,
    userId: string,
    reason: RevocationReason,
    keep?: string,
  ): Promise<void> {
    await em.nativeUpdate(
      AuthSession,
      { user: userId, revokedAt: null, ...(keep ? { id: { $ne: keep } } : {}) },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  private revoke(session: AuthSession, reason: RevocationReason): void {
    session.revokedAt = new Date();
    session.revokedReason = reason;
  }
}
