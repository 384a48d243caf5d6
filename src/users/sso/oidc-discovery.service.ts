import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { InvalidError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { issuerProblem } from './issuer-policy.js';
import type { SsoProviderSettings } from './sso-provider-settings.js';

/** Seconds a discovery (and each later request to the provider) may take. */
const REQUEST_TIMEOUT_SECONDS = 10;
/** How long a discovered configuration is reused; the provider's keys are refetched by openid-client when they rotate. */
const CACHE_TTL_MS = 60 * 60 * 1000;

/**
 * Why a discovery failed, as an admin can act on it: openid-client's "something went wrong" around
 * fetch's "fetch failed" gets the innermost cause ("getaddrinfo ENOTFOUND auth.example.org",
 * "connect ECONNREFUSED 127.0.0.1:9000").
 */
function failureReason(error: unknown): string {
  const message = messageOf(error) ?? String(error);
  let innermost = message;
  let cause = (error as { cause?: unknown } | null)?.cause;
  for (let depth = 0; cause && depth < 5; depth += 1) {
    innermost = messageOf(cause) ?? innermost;
    cause = (cause as { cause?: unknown }).cause;
  }
  return innermost === message ? message : `${message} (${innermost})`;
}

/** The message of an error (duck-typed: errors of fetch may come from another realm). */
function messageOf(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

/** What is needed to reach a provider as a client. */
export type OidcClientSettings = Pick<SsoProviderSettings, 'issuerUrl' | 'clientId' | 'clientSecret'>;

/**
 * How this client proves itself at the token endpoint: with its secret in the Authorization header
 * (client_secret_basic: what OpenID Connect presumes when a client registers no method, and what
 * Authelia, Authentik and Keycloak accept by default), unless the provider's discovery lists only
 * client_secret_post; without a secret, as a public client (PKCE alone).
 */
function clientAuthentication(
  secret: string | undefined,
  supported?: string[],
): { method: 'none' | 'client_secret_basic' | 'client_secret_post'; authentication: oidc.ClientAuth } {
  if (!secret) return { method: 'none', authentication: oidc.None() };
  if (supported && !supported.includes('client_secret_basic') && supported.includes('client_secret_post')) {
    return { method: 'client_secret_post', authentication: oidc.ClientSecretPost(secret) };
  }
  return { method: 'client_secret_basic', authentication: oidc.ClientSecretBasic(secret) };
}

/**
 * Turns a provider's settings into an openid-client {@link oidc.Configuration} by discovering its
 * issuer, and keeps the result for an hour per provider revision so that a sign-in does not fetch the
 * discovery document every time.
 */
@Injectable()
export class OidcDiscovery {
  private readonly cache = new Map<
    string,
    { configuration: Promise<oidc.Configuration>; expiresAt: number }
  >();

  constructor(private readonly config: AppConfig) {}

  /**
   * Discovers the issuer now. Refuses (422, on `issuerUrl`) an issuer the network policy forbids and
   * one whose discovery fails, with the provider's reason.
   */
  async discover(settings: OidcClientSettings): Promise<oidc.Configuration> {
    const problem = issuerProblem(settings.issuerUrl, this.config.sso.allowHttpIssuers);
    if (problem) {
      throw new InvalidError(`The issuer URL ${problem}`, [{ field: 'issuerUrl', message: problem }]);
    }
    const issuer = new URL(settings.issuerUrl);
    const execute = issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
    let configuration: oidc.Configuration;
    try {
      configuration = await oidc.discovery(
        issuer,
        settings.clientId,
        undefined,
        clientAuthentication(settings.clientSecret).authentication,
        { timeout: REQUEST_TIMEOUT_SECONDS, execute },
      );
    } catch (error) {
      const reason = failureReason(error);
      throw new InvalidError(`The OpenID Connect issuer ${issuer.href} could not be discovered: ${reason}`, [
        { field: 'issuerUrl', message: `could not be discovered: ${reason}` },
      ]);
    }
    const server = configuration.serverMetadata();
    const chosen = clientAuthentication(settings.clientSecret, server.token_endpoint_auth_methods_supported);
    if (chosen.method === 'client_secret_basic' || chosen.method === 'none') return configuration;
    // The provider takes the secret in the request body only: the same discovery, another client.
    const posting = new oidc.Configuration(server, settings.clientId, undefined, chosen.authentication);
    posting.timeout = REQUEST_TIMEOUT_SECONDS;
    for (const step of execute) step(posting);
    return posting;
  }

  /** The provider's configuration, discovered once per revision and hour. */
  configurationFor(provider: SsoProviderSettings): Promise<oidc.Configuration> {
    const key = `${provider.slug}:${provider.revision}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.configuration;
    for (const stale of this.cache.keys()) {
      if (stale.startsWith(`${provider.slug}:`)) this.cache.delete(stale);
    }
    const configuration = this.discover(provider);
    this.cache.set(key, { configuration, expiresAt: Date.now() + CACHE_TTL_MS });
    // A failed discovery is not kept: the next sign-in tries again.
    configuration.catch(() => this.cache.delete(key));
    return configuration;
  }
}
