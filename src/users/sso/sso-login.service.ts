import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import * as oidc from 'openid-client';
import { Counter } from 'prom-client';
import { AuditService } from '../../audit/audit.service.js';
import { UnauthorizedError, UnavailableError } from '../../common/errors/domain-error.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { REDIS } from '../../redis/redis.module.js';
import type { RequestOrigin } from '../auth/principal.js';
import { randomToken, sha256 } from '../auth/secrets.js';
import { TokenIssuer, type TokenPair } from '../auth/token-issuer.service.js';
import { Household } from '../households/household.entity.js';
import { MfaService } from '../mfa/mfa.service.js';
import { User, type Role } from '../user.entity.js';
import { OidcDiscovery } from './oidc-discovery.service.js';
import { roleFromGroups, type SsoProviderSettings } from './sso-provider-settings.js';
import { SsoProvidersService } from './sso-providers.service.js';
import { UserIdentity } from './user-identity.entity.js';
import { messageOf } from '../../common/errors/message-of.js';

/** Seconds a started sign-in may take at the provider before its state expires. */
const SIGN_IN_TTL_SECONDS = 10 * 60;
/** Seconds the console has to exchange the one-time code for tokens. */
const EXCHANGE_CODE_TTL_SECONDS = 60;
const signInKey = (state: string) => `whiskey:sso-sign-in:${sha256(state)}`;
const exchangeCodeKey = (code: string) => `whiskey:sso-code:${sha256(code)}`;

/**
 * Why a single sign-on failed; the console shows a message for each (`/admin/login?ssoError=<reason>`)
 * and the audit trail records it (`auth.sso_failed`).
 */
export const SSO_FAILURE_REASONS = [
  /** No enabled provider has this slug. */
  'unknown_provider',
  /** The provider could not be discovered or its client secret cannot be decrypted. */
  'provider_unavailable',
  /** The callback's state is unknown, expired, already used, or from another browser or provider. */
  'state_mismatch',
  /** The provider answered with an error (the person cancelled, or the client is misconfigured). */
  'idp_error',
  /** The code exchange or the ID token failed a check (PKCE, nonce, signature, audience…). */
  'token_rejected',
  /** The provider gave no email address, so no account can be found or made. */
  'email_missing',
  /** The provider did not verify the email address, so it cannot vouch for an account. */
  'email_unverified',
  /** No account has this email address and auto-provisioning is off. */
  'no_account',
  'account_disabled',
  /** Anything unexpected; the details are in the log. */
  'sso_failed',
] as const;
export type SsoFailureReason = (typeof SSO_FAILURE_REASONS)[number];

/** A single sign-on that cannot go on; the controller sends the browser back to the login screen. */
export class SsoFailure extends Error {
  constructor(
    readonly reason: SsoFailureReason,
    message: string,
    /** Facts for the audit trail (never secrets). */
    readonly details: Record<string, unknown> = {},
    /** The account concerned, when one was found: the failure shows in its household's audit trail. */
    readonly actor?: { userId: string; householdId: string },
  ) {
    super(message);
    this.name = 'SsoFailure';
  }
}

/** A sign-in started at the provider, kept in Redis until its callback (single use). */
interface PendingSignIn {
  slug: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The browser-binding cookie of the browser that started it. */
  browser: string;
  createdAt: string;
}

/** What a one-time exchange code stands for. */
interface SignInGrant {
  userId: string;
  slug: string;
}

/** A started sign-in: where to send the browser, and the browser-binding cookie value to set. */
export interface StartedSignIn {
  authorizationUrl: string;
  browser: string;
}

/**
 * Signing in through an OpenID Connect provider: the authorization code flow with PKCE (S256),
 * `state` and `nonce`, bound to the browser that started it. The person is mapped to an account by
 * their linked identity, else by a verified email, else (when allowed) a new account; the provider's
 * tokens are used once to read the claims and then dropped. The console receives a one-time code
 * (never tokens in a URL) and exchanges it for the instance's own tokens.
 */
@Injectable()
export class SsoLoginService {
  private readonly logger = new Logger(SsoLoginService.name);
  private readonly signIns: Counter<'outcome'>;

  constructor(
    private readonly em: EntityManager,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly providers: SsoProvidersService,
    private readonly discovery: OidcDiscovery,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditService,
    private readonly mfa: MfaService,
    metrics: MetricsService,
  ) {
    this.signIns = new Counter({
      name: 'whiskey_auth_sso_sign_ins_total',
      help: 'Single sign-on callbacks by outcome: success, or the reason of the failure.',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  /**
   * Starts a sign-in: keeps the PKCE verifier, state and nonce for 10 minutes and returns the
   * provider's authorization URL. `browser` is the binding cookie the browser already has, if any.
   */
  async start(slug: string, browser: string | undefined): Promise<StartedSignIn> {
    const provider = await this.provider(slug);
    const configuration = await this.configuration(provider);
    const pending: PendingSignIn = {
      slug,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      browser: browser ?? randomToken(),
      createdAt: new Date().toISOString(),
    };
    await this.redisCall(() =>
      this.redis.set(signInKey(pending.state), JSON.stringify(pending), 'EX', SIGN_IN_TTL_SECONDS),
    );
    const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.providers.callbackUrl(slug),
      scope: provider.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { authorizationUrl: authorizationUrl.href, browser: pending.browser };
  }

  /**
   * Completes a sign-in from the provider's callback (`query` is the callback's query string) and
   * returns a one-time code for {@link exchange}. Every failure is audited and thrown as an
   * {@link SsoFailure}.
   */
  async complete(
    slug: string,
    query: string,
    browser: string | undefined,
    origin: RequestOrigin,
  ): Promise<string> {
    try {
      const code = await this.completeOrFail(slug, query, browser, origin);
      this.signIns.inc({ outcome: 'success' });
      return code;
    } catch (caught) {
      const failure =
        caught instanceof SsoFailure
          ? caught
          : new SsoFailure('sso_failed', 'The sign-in could not be completed');
      if (!(caught instanceof SsoFailure)) {
        this.logger.error({ err: caught, provider: slug }, 'Single sign-on failed unexpectedly');
      }
      this.signIns.inc({ outcome: failure.reason });
      await this.audit.record({
        action: 'auth.sso_failed',
        actor: failure.actor,
        origin,
        details: { provider: slug, reason: failure.reason, ...failure.details },
      });
      throw failure;
    }
  }

  /**
   * Exchanges a one-time code from {@link complete} for a new session's tokens (single use, 60
   * seconds). 401 for an unknown, used or expired code, and for an account disabled meanwhile.
   * Says whether the instance requires two-factor enrolment of this account first.
   */
  async exchange(
    code: string,
    origin: RequestOrigin,
  ): Promise<{ tokens: TokenPair; user: User; mfaEnrolmentRequired: boolean }> {
    const stored = await this.redisCall(() => this.redis.getdel(exchangeCodeKey(code)));
    if (!stored) throw new UnauthorizedError('This sign-in code is unknown, used or expired; sign in again');
    const grant = JSON.parse(stored) as SignInGrant;
    const em = this.em.fork();
    const user = await em.findOne(User, { id: grant.userId }, { populate: ['household'], filters: false });
    if (!user || user.disabledAt) throw new UnauthorizedError('This account cannot sign in');
    const tokens = await this.tokens.openSession(em, user, origin);
    await this.audit.record({
      action: 'auth.login',
      actor: { userId: user.id, householdId: user.household.id },
      target: { type: 'session', id: tokens.sessionId },
      origin,
      details: { method: 'sso', provider: grant.slug },
    });
    // The provider vouched for the person, but an instance that requires two-factor sign-in holds
    // every session without it at enrolment, this one too: the console needs to know.
    return { tokens, user, mfaEnrolmentRequired: await this.mfa.enrolmentRequired(user.id, user.role) };
  }

  private async completeOrFail(
    slug: string,
    query: string,
    browser: string | undefined,
    origin: RequestOrigin,
  ): Promise<string> {
    const params = new URLSearchParams(query);
    const state = params.get('state');
    // Taken out of Redis before anything else: a callback is used once, whatever its outcome.
    const stored = state ? await this.redisCall(() => this.redis.getdel(signInKey(state))) : null;
    const pending = stored ? (JSON.parse(stored) as PendingSignIn) : undefined;
    if (!pending || pending.slug !== slug) {
      throw new SsoFailure('state_mismatch', 'Unknown, expired or already used sign-in state', {
        stateSent: Boolean(state),
      });
    }
    if (!browser || browser !== pending.browser) {
      // A callback opened in another browser than the one that started the sign-in: someone may be
      // trying to sign the victim into the attacker's account (login CSRF).
      throw new SsoFailure('state_mismatch', 'The sign-in was started in another browser', {
        browserMismatch: true,
      });
    }
    const provider = await this.provider(slug);
    const configuration = await this.configuration(provider);
    const claims = await this.claims(configuration, provider, query, pending);
    const userId = await this.signInUser(provider, claims, origin);
    const code = randomToken();
    const grant: SignInGrant = { userId, slug };
    await this.redisCall(() =>
      this.redis.set(exchangeCodeKey(code), JSON.stringify(grant), 'EX', EXCHANGE_CODE_TTL_SECONDS),
    );
    return code;
  }

  /**
   * Redeems the authorization code (checking state, PKCE and the ID token's nonce, issuer, audience
   * and signature) and returns the ID token's claims completed by the userinfo endpoint, since many
   * providers put email and groups only there.
   */
  private async claims(
    configuration: oidc.Configuration,
    provider: SsoProviderSettings,
    query: string,
    pending: PendingSignIn,
  ): Promise<Record<string, unknown> & { iss: string; sub: string }> {
    const callbackUrl = new URL(this.providers.callbackUrl(provider.slug));
    callbackUrl.search = query;
    try {
      const response = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = response.claims();
      if (!idToken) throw new SsoFailure('token_rejected', 'The provider returned no ID token');
      const userinfo = configuration.serverMetadata().userinfo_endpoint
        ? await oidc.fetchUserInfo(configuration, response.access_token, idToken.sub)
        : {};
      // The provider's tokens end here: nothing of them is stored.
      return { ...userinfo, ...idToken };
    } catch (error) {
      if (error instanceof SsoFailure) throw error;
      if (error instanceof oidc.AuthorizationResponseError) {
        throw new SsoFailure('idp_error', `The provider refused the sign-in: ${error.error}`, {
          error: error.error,
        });
      }
      const reason = messageOf(error);
      const code = error instanceof oidc.ResponseBodyError ? error.error : undefined;
      throw new SsoFailure('token_rejected', `The sign-in response failed a check: ${reason}`, {
        error: code ?? (error as { code?: unknown }).code ?? 'check_failed',
      });
    }
  }

  /**
   * Finds (or links, or creates) the account of the person the claims describe, applies the group
   * mapping, and returns the account's id. All or nothing: a refusal leaves no link behind.
   */
  private async signInUser(
    provider: SsoProviderSettings,
    claims: Record<string, unknown> & { iss: string; sub: string },
    origin: RequestOrigin,
  ): Promise<string> {
    return this.em.fork().transactional(async (em) => {
      const identity = await em.findOne(
        UserIdentity,
        { issuer: claims.iss, subject: claims.sub },
        { populate: ['user', 'user.household'], filters: false },
      );
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
      const mappedRole = roleFromGroups(claims, provider);
      let user = identity?.user;
      if (!user) {
        if (!email) throw new SsoFailure('email_missing', 'The provider gave no email address');
        const existing = await em.findOne(User, { email }, { populate: ['household'], filters: false });
        if (claims.email_verified !== true) {
          // Attributed to the account it would have reached, so that its household's admins see the attempt.
          throw new SsoFailure(
            'email_unverified',
            'The provider has not verified this email address',
            { email },
            existing ? { userId: existing.id, householdId: existing.household.id } : undefined,
          );
        }
        user = existing ?? (await this.provision(em, provider, claims, email, mappedRole, origin));
      }
      const actor = { userId: user.id, householdId: user.household.id };
      if (user.disabledAt) throw new SsoFailure('account_disabled', 'This account is disabled', {}, actor);
      if (identity) {
        identity.lastUsedAt = new Date();
      } else {
        const link = em.create(UserIdentity, {
          user,
          issuer: claims.iss,
          subject: claims.sub,
          providerSlug: provider.slug,
          email: email ?? null,
          lastUsedAt: new Date(),
        });
        await this.audit.record(
          {
            action: 'auth.sso_linked',
            actor,
            target: { type: 'user_identity', id: link.id },
            origin,
            details: { provider: provider.slug, issuer: claims.iss, email },
          },
          em,
        );
      }
      if (mappedRole && mappedRole !== user.role)
        await this.changeRole(em, user, mappedRole, provider, origin);
      await em.flush();
      return user.id;
    });
  }

  /** A new account for a person with a verified email, when the provider allows it; else a refusal. */
  private async provision(
    em: EntityManager,
    provider: SsoProviderSettings,
    claims: Record<string, unknown>,
    email: string,
    mappedRole: Role | undefined,
    origin: RequestOrigin,
  ): Promise<User> {
    if (!provider.autoProvision) {
      throw new SsoFailure('no_account', 'No account has this email address', { email });
    }
    const household = await em.findOne(
      Household,
      provider.householdId ? { id: provider.householdId } : { founding: true },
    );
    if (!household) {
      throw new SsoFailure('no_account', 'The household for new accounts does not exist', { email });
    }
    const role = mappedRole ?? provider.defaultRole;
    const user = em.create(User, {
      household,
      email,
      displayName: displayNameOf(claims, email),
      passwordHash: null,
      role,
      // The provider verified it (checked by the caller): no second verification mail.
      emailVerifiedAt: new Date(),
    });
    await this.audit.record(
      {
        action: 'user.registered',
        actor: { userId: user.id, householdId: household.id },
        target: { type: 'user', id: user.id },
        origin,
        details: { role, via: 'sso', provider: provider.slug },
      },
      em,
    );
    return user;
  }

  /**
   * Applies the role the provider's groups give. The household's last active admin keeps the role:
   * a change of groups at the provider must not leave a household without an administrator.
   */
  private async changeRole(
    em: EntityManager,
    user: User,
    role: Role,
    provider: SsoProviderSettings,
    origin: RequestOrigin,
  ): Promise<void> {
    if (user.role === 'admin') {
      const otherAdmins = await em.count(
        User,
        { household: user.household, role: 'admin', disabledAt: null, id: { $ne: user.id } },
        { filters: false },
      );
      if (otherAdmins === 0) {
        this.logger.warn(
          { userId: user.id, provider: provider.slug, role },
          'Group mapping would demote the last admin of a household; the role is kept',
        );
        return;
      }
    }
    await this.audit.record(
      {
        action: 'user.role_changed',
        actor: { userId: user.id, householdId: user.household.id },
        target: { type: 'user', id: user.id },
        origin,
        details: { from: user.role, to: role, via: 'sso_groups', provider: provider.slug },
      },
      em,
    );
    user.role = role;
  }

  private async provider(slug: string): Promise<SsoProviderSettings> {
    let provider: SsoProviderSettings | undefined;
    try {
      provider = await this.providers.resolve(slug);
    } catch (error) {
      this.logger.error({ err: error, provider: slug }, 'SSO provider settings are unreadable');
      throw new SsoFailure('provider_unavailable', 'The provider settings are unreadable');
    }
    if (!provider) throw new SsoFailure('unknown_provider', `No enabled SSO provider is named ${slug}`);
    return provider;
  }

  private async configuration(provider: SsoProviderSettings): Promise<oidc.Configuration> {
    try {
      return await this.discovery.configurationFor(provider);
    } catch (error) {
      this.logger.warn({ provider: provider.slug, reason: messageOf(error) }, 'SSO provider unreachable');
      throw new SsoFailure('provider_unavailable', 'The provider could not be reached');
    }
  }

  private async redisCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.logger.warn({ err: error }, 'Redis unreachable during single sign-on');
      throw new UnavailableError('Single sign-on is unavailable for a moment (Redis is unreachable)');
    }
  }
}

/** A display name from the claims: the name, else the username, else the email's local part. */
function displayNameOf(claims: Record<string, unknown>, email: string): string {
  const candidates = [claims.name, claims.preferred_username, email.split('@')[0]];
  const name = candidates.find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return (name ?? email).trim().slice(0, 100);
}
