import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AuditService } from '../../audit/audit.service.js';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from '../../common/errors/domain-error.js';
import { messageOf } from '../../common/errors/message-of.js';
import { AppConfig } from '../../config/app-config.js';
import type { Principal, RequestOrigin } from '../auth/principal.js';
import { TokenIssuer, type TokenPair } from '../auth/token-issuer.service.js';
import { MfaChallenges } from '../mfa/mfa-challenges.service.js';
import { User } from '../user.entity.js';
import {
  CEREMONY_TTL_SECONDS,
  PasskeyChallenges,
  type PendingCeremony,
} from './passkey-challenges.service.js';
import { Passkey } from './passkey.entity.js';

/** Why an assertion was refused, for the audit trail. */
export type PasskeyFailure =
  /** The request id is unknown, already used or expired (or was made for another account). */
  | 'unknown_request'
  /** No passkey of the expected account has this credential id (or it was revoked). */
  | 'unknown_passkey'
  /** The signature, challenge, origin, RP ID or flags did not verify. */
  | 'invalid_assertion'
  /** The signature was right but the counter did not increase: the credential may have been cloned. */
  | 'counter_regression'
  /** Password-less sign-in with a passkey its owner did not allow to sign in on its own. */
  | 'not_passwordless'
  /** Password-less sign-in to a disabled account. */
  | 'disabled';

/** The outcome of checking a passkey as the second factor of a sign-in. */
export type PasskeyCheck =
  | { ok: true; method: 'passkey'; passkeyId: string }
  | { ok: false; method: 'passkey'; reason: PasskeyFailure };

/** A started sign-in ceremony: what the browser needs, and the id naming it. */
export interface PasskeyRequest {
  requestId: string;
  options: PublicKeyCredentialRequestOptionsJSON;
}

/** A passkey to register: the browser's answer to {@link PasskeysService.registrationOptions}. */
export interface NewPasskey {
  name: string;
  passwordless?: boolean;
  response: RegistrationResponseJSON;
}

/** Changes to a passkey. */
export interface PasskeyChanges {
  name?: string;
  passwordless?: boolean;
}

/** This instance as a WebAuthn relying party: all of it comes from PUBLIC_URL. */
interface RelyingParty {
  /** The RP ID: PUBLIC_URL's host name (passkeys work on it and, per WebAuthn, its subdomains). */
  id: string;
  /** The only origin assertions are accepted from: PUBLIC_URL's scheme, host and port. */
  origin: string;
  name: string;
}

const RP_NAME = 'Whiskey Tracker';
const CEREMONY_TIMEOUT_MS = CEREMONY_TTL_SECONDS * 1000;
/** One answer to a bad assertion, an unknown passkey or a disabled account: it tells an attacker nothing. */
const SIGN_IN_REFUSED = 'This passkey cannot sign in here';
const EXPIRED_REQUEST = 'The passkey sign-in has expired or was already used; start again';

/**
 * The WebAuthn user handle of an account: its id's bytes. Opaque (no email or name), stable, and what a
 * discoverable credential hands back, so it is checked against the passkey's owner at sign-in.
 */
const userHandleOf = (userId: string) => new TextEncoder().encode(userId);

/**
 * The signature counter of an assertion's authenticator data (bytes 33–36, big-endian; WebAuthn §6.1).
 * Only read after the signature verified, to compare it with the stored one.
 */
function signCountOf(authenticatorData: string): number {
  return Buffer.from(authenticatorData, 'base64url').readUInt32BE(33);
}

/**
 * Passkeys (WebAuthn credentials, with @simplewebauthn/server): registering, naming and revoking them,
 * signing in with one alone when its owner opted in, and confirming a password sign-in with one as the
 * second factor. The relying party is PUBLIC_URL: its host name is the RP ID and its origin the only
 * one accepted. Challenges live 5 minutes in Redis and are spent by the first attempt; the signature
 * counter must increase (when the authenticator keeps one), else the passkey is presumed cloned.
 */
@Injectable()
export class PasskeysService {
  private readonly logger = new Logger(PasskeysService.name);
  private readonly rp: RelyingParty;

  constructor(
    private readonly em: EntityManager,
    private readonly challenges: PasskeyChallenges,
    private readonly mfaChallenges: MfaChallenges,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    const url = new URL(config.http.publicUrl);
    this.rp = { id: url.hostname, origin: url.origin, name: RP_NAME };
  }

  /** The caller's passkeys, oldest first. */
  list(principal: Principal): Promise<Passkey[]> {
    return this.em.fork().find(Passkey, { user: principal.userId }, { orderBy: { createdAt: 'ASC' } });
  }

  /** Whether `userId` has at least one passkey (so that a password sign-in can ask for one). */
  async hasPasskeys(userId: string, em: EntityManager = this.em.fork()): Promise<boolean> {
    return (await em.count(Passkey, { user: userId }, { filters: false })) > 0;
  }

  /**
   * Starts registering a passkey for the caller: options for `navigator.credentials.create()`, whose
   * challenge replaces any registration the caller left unfinished.
   */
  async registrationOptions(principal: Principal): Promise<PublicKeyCredentialCreationOptionsJSON> {
    this.assertSession(principal);
    const em = this.em.fork();
    const user = await em.findOneOrFail(User, principal.userId, { filters: false });
    const passkeys = await em.find(Passkey, { user: user.id });
    const options = await generateRegistrationOptions({
      rpName: this.rp.name,
      rpID: this.rp.id,
      userName: user.email,
      userID: userHandleOf(user.id),
      userDisplayName: user.displayName,
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: 'none',
      excludeCredentials: passkeys.map((passkey) => ({
        id: passkey.credentialId,
        transports: passkey.transports,
      })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await this.challenges.startRegistration(user.id, options.challenge);
    return options;
  }

  /** Finishes registering a passkey for the caller with the browser's answer to the options. */
  async register(principal: Principal, input: NewPasskey, origin: RequestOrigin): Promise<Passkey> {
    this.assertSession(principal);
    const pending = await this.challenges.takeRegistration(principal.userId);
    if (!pending) {
      throw new BadRequestError(
        'No passkey registration is pending (none was started, or it took over 5 minutes): start again',
      );
    }
    const verified = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: pending.challenge,
      expectedOrigin: this.rp.origin,
      expectedRPID: this.rp.id,
      // The options prefer user verification; a security key without a PIN may still be a second factor.
      requireUserVerification: false,
    }).catch((error: unknown) => {
      throw new BadRequestError(`The passkey could not be verified: ${messageOf(error)}`, [
        { field: 'response', message: 'not a valid answer to the registration options' },
      ]);
    });
    if (!verified.verified) {
      throw new BadRequestError('The passkey could not be verified', [
        { field: 'response', message: 'not a valid answer to the registration options' },
      ]);
    }
    const { credential, credentialBackedUp } = verified.registrationInfo;
    const em = this.em.fork();
    if ((await em.count(Passkey, { credentialId: credential.id })) > 0) {
      throw new ConflictError('This passkey is already registered');
    }
    const passkey = em.create(Passkey, {
      user: em.getReference(User, principal.userId),
      credentialId: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: input.name.trim(),
      passwordless: input.passwordless ?? false,
      backedUp: credentialBackedUp,
    });
    await this.audit.record(
      {
        action: 'auth.passkey_added',
        actor: principal,
        target: { type: 'passkey', id: passkey.id },
        origin,
        details: { name: passkey.name, passwordless: passkey.passwordless },
      },
      em,
    );
    await em.flush();
    return passkey;
  }

  /** Renames one of the caller's passkeys, or changes whether it signs in on its own. */
  async update(
    principal: Principal,
    passkeyId: string,
    changes: PasskeyChanges,
    origin: RequestOrigin,
  ): Promise<Passkey> {
    this.assertSession(principal);
    const em = this.em.fork();
    const passkey = await this.findOwn(em, principal, passkeyId);
    if (changes.name !== undefined) passkey.name = changes.name.trim();
    if (changes.passwordless !== undefined) passkey.passwordless = changes.passwordless;
    await this.audit.record(
      {
        action: 'auth.passkey_updated',
        actor: principal,
        target: { type: 'passkey', id: passkey.id },
        origin,
        details: { name: passkey.name, passwordless: passkey.passwordless },
      },
      em,
    );
    await em.flush();
    return passkey;
  }

  /** Revokes one of the caller's passkeys: it cannot sign in nor confirm a sign-in any more. */
  async remove(principal: Principal, passkeyId: string, origin: RequestOrigin): Promise<void> {
    this.assertSession(principal);
    const em = this.em.fork();
    const passkey = await this.findOwn(em, principal, passkeyId);
    em.remove(passkey);
    await this.audit.record(
      {
        action: 'auth.passkey_removed',
        actor: principal,
        target: { type: 'passkey', id: passkey.id },
        origin,
        details: { name: passkey.name },
      },
      em,
    );
    await em.flush();
  }

  /**
   * Starts a password-less sign-in. No credentials are listed: the authenticator offers the passkeys
   * it holds for this site (discoverable credentials), so nothing tells who has an account here.
   */
  async signInOptions(): Promise<PasskeyRequest> {
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      allowCredentials: [],
      timeout: CEREMONY_TIMEOUT_MS,
      // The passkey replaces both the password and the second factor: the authenticator must check
      // that its owner is there (PIN or biometrics), not only that someone touched it.
      userVerification: 'required',
    });
    const requestId = await this.challenges.start('login', { challenge: options.challenge });
    return { requestId, options };
  }

  /**
   * Completes a password-less sign-in: a verified assertion of a passkey whose owner opted in to
   * signing in with it alone, of an account that is not disabled, opens a session.
   */
  async signIn(
    requestId: string,
    response: AuthenticationResponseJSON,
    origin: RequestOrigin,
  ): Promise<{ tokens: TokenPair; user: User }> {
    const pending = await this.challenges.take('login', requestId);
    // Decided inside the transaction, thrown after it: the counter of a verified assertion and the
    // audit entry of a refusal are committed rather than rolled back with the error.
    const outcome = await this.em.fork().transactional(async (em) => {
      const check = await this.verifyAssertion(em, pending, response, { requireUserVerification: true });
      if (!check.ok) return this.refuseSignIn(em, check.reason, origin, check.passkey);
      const { passkey } = check;
      const user = await em.findOneOrFail(User, passkey.user.id, { populate: ['household'], filters: false });
      if (!passkey.passwordless) return this.refuseSignIn(em, 'not_passwordless', origin, passkey, user);
      if (user.disabledAt) return this.refuseSignIn(em, 'disabled', origin, passkey, user);
      const tokens = await this.tokens.openSession(em, user, origin);
      await this.audit.record(
        {
          action: 'auth.passkey_login',
          actor: { userId: user.id, householdId: user.household.id },
          target: { type: 'session', id: tokens.sessionId },
          origin,
          details: { passkeyId: passkey.id },
        },
        em,
      );
      return { ok: true, tokens, user } as const;
    });
    if (!outcome.ok) throw new UnauthorizedError(outcome.error);
    return { tokens: outcome.tokens, user: outcome.user };
  }

  /**
   * Starts confirming a password sign-in with a passkey: takes the challenge the password step
   * answered (without spending it) and lists the account's passkeys for the browser.
   */
  async secondFactorOptions(challengeToken: string): Promise<PasskeyRequest> {
    const em = this.em.fork();
    const userId = await em.transactional(
      async (tx) => (await this.mfaChallenges.take(tx, challengeToken))?.user.id,
    );
    if (!userId) throw new UnauthorizedError('The sign-in has expired or was cancelled; sign in again');
    const passkeys = await em.find(Passkey, { user: userId }, { filters: false });
    if (passkeys.length === 0) {
      throw new NotFoundError('This account has no passkey: confirm the sign-in with another second factor');
    }
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      allowCredentials: passkeys.map((passkey) => ({
        id: passkey.credentialId,
        transports: passkey.transports,
      })),
      timeout: CEREMONY_TIMEOUT_MS,
      // The password was the first factor; possession of the passkey is the second.
      userVerification: 'discouraged',
    });
    const requestId = await this.challenges.start('mfa', { challenge: options.challenge, userId });
    return { requestId, options };
  }

  /**
   * Checks a passkey of `userId` as the second factor of a sign-in: `requestId` names the options of
   * {@link secondFactorOptions} (spent by this call, right or wrong), `response` is the browser's answer.
   * Pass the `em` of the sign-in's transaction (without one, the check runs in a transaction of its
   * own): the passkey row is locked and its counter saved in it, so two requests racing with one
   * assertion cannot both pass. Nothing is audited here: the caller records the sign-in, or its
   * failure with {@link PasskeyCheck}'s reason.
   */
  async verifySecondFactor(
    userId: string,
    requestId: string,
    response: AuthenticationResponseJSON,
    em?: EntityManager,
  ): Promise<PasskeyCheck> {
    if (!em) {
      return this.em.fork().transactional((tx) => this.verifySecondFactor(userId, requestId, response, tx));
    }
    const pending = await this.challenges.take('mfa', requestId);
    const check = await this.verifyAssertion(em, pending?.userId === userId ? pending : undefined, response, {
      requireUserVerification: false,
      userId,
    });
    return check.ok
      ? { ok: true, method: 'passkey', passkeyId: check.passkey.id }
      : { ok: false, method: 'passkey', reason: check.reason };
  }

  /**
   * Verifies an assertion against its pending challenge and the passkey it names (of `userId` when
   * given), locked in `em`'s transaction. A verified one moves the passkey's counter forward.
   */
  private async verifyAssertion(
    em: EntityManager,
    pending: PendingCeremony | undefined,
    response: AuthenticationResponseJSON,
    expect: { requireUserVerification: boolean; userId?: string },
  ): Promise<{ ok: true; passkey: Passkey } | { ok: false; reason: PasskeyFailure; passkey?: Passkey }> {
    if (!pending) return { ok: false, reason: 'unknown_request' };
    const passkey = await em.findOne(
      Passkey,
      { credentialId: response.id, ...(expect.userId ? { user: expect.userId } : {}) },
      { populate: ['publicKey'], lockMode: LockMode.PESSIMISTIC_WRITE, filters: false },
    );
    if (!passkey) return { ok: false, reason: 'unknown_passkey' };
    const userHandle = response.response.userHandle;
    if (userHandle && userHandle !== Buffer.from(userHandleOf(passkey.user.id)).toString('base64url')) {
      return { ok: false, reason: 'unknown_passkey' };
    }
    let verified: boolean;
    let backedUp = passkey.backedUp;
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: pending.challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        requireUserVerification: expect.requireUserVerification,
        // The counter is compared below, once the signature is known to be right: a regression is
        // then evidence of a cloned credential, worth a warning, not just a malformed answer.
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: 0,
          transports: passkey.transports,
        },
      });
      verified = result.verified;
      backedUp = result.authenticationInfo.credentialBackedUp;
    } catch (error) {
      this.logger.debug({ passkeyId: passkey.id, reason: messageOf(error) }, 'Passkey assertion refused');
      verified = false;
    }
    if (!verified) return { ok: false, reason: 'invalid_assertion', passkey };
    const counter = signCountOf(response.response.authenticatorData);
    if ((counter > 0 || passkey.counter > 0) && counter <= passkey.counter) {
      this.logger.warn(
        { passkeyId: passkey.id, userId: passkey.user.id, counter, stored: passkey.counter },
        'Passkey signature counter did not increase: the credential may have been cloned',
      );
      return { ok: false, reason: 'counter_regression', passkey };
    }
    passkey.counter = counter;
    passkey.backedUp = backedUp;
    passkey.lastUsedAt = new Date();
    return { ok: true, passkey };
  }

  /** Records a refused password-less sign-in and says what to answer. */
  private async refuseSignIn(
    em: EntityManager,
    reason: PasskeyFailure,
    origin: RequestOrigin,
    passkey?: Passkey,
    user?: User,
  ): Promise<{ ok: false; error: string }> {
    // The attempt is recorded against the passkey's owner when the credential id is known, so that
    // their household's admins see it (a counter that went back may mean a cloned credential).
    user ??= passkey
      ? await em.findOneOrFail(User, passkey.user.id, { populate: ['household'], filters: false })
      : undefined;
    await this.audit.record(
      {
        action: 'auth.login_failed',
        actor: user ? { userId: user.id, householdId: user.household.id } : undefined,
        origin,
        details: { method: 'passkey', reason, ...(passkey ? { passkeyId: passkey.id } : {}) },
      },
      em,
    );
    const error =
      reason === 'unknown_request'
        ? EXPIRED_REQUEST
        : reason === 'not_passwordless'
          ? 'This passkey is not allowed to sign in without the password: sign in with your password'
          : SIGN_IN_REFUSED;
    return { ok: false, error };
  }

  private async findOwn(em: EntityManager, principal: Principal, passkeyId: string): Promise<Passkey> {
    const passkey = await em.findOne(Passkey, { id: passkeyId, user: principal.userId });
    if (!passkey) throw new NotFoundError(`Passkey ${passkeyId} does not exist`);
    return passkey;
  }

  /**
   * Passkeys are managed from a signed-in session only: a leaked API token must not be able to add an
   * attacker's passkey, which would be a way in that outlives the token.
   */
  private assertSession(principal: Principal): void {
    if (!principal.sessionId) {
      throw new ForbiddenError('Passkeys are managed from a signed-in session, not with an API token');
    }
  }
}
