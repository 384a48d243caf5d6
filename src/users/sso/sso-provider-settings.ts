import type { Role } from '../user.entity.js';

/** Slug of the provider configured by the OIDC_* environment variables. */
export const ENVIRONMENT_PROVIDER_SLUG = 'oidc';

/**
 * Slugs no admin-made provider may take: the environment's, and the words that are paths of their
 * own under /auth/sso (a provider named "providers" would be shadowed by the provider list).
 */
export const RESERVED_SLUGS = [ENVIRONMENT_PROVIDER_SLUG, 'providers', 'identities', 'exchange', 'public'];

/** Lower-case letters, digits and inner dashes, as they read well in a URL. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * What a provider's sealed client secret is bound to (SecretBox associated data): it opens only as
 * that provider's secret. The storage key rotation (`npm run storage:rekey`) needs it too.
 */
export const clientSecretContext = (id: string) => `sso_provider:${id}:client_secret`;

/** Scopes asked for when an admin does not choose others. */
export const DEFAULT_SCOPES = 'openid email profile';

/** Roles from least to most privileged: when several groups map to roles, the last one wins. */
const ROLE_RANK: readonly Role[] = ['read_only', 'user', 'admin'];

/** A provider ready to sign in with, whether an admin or the environment configured it. */
export interface SsoProviderSettings {
  slug: string;
  /** `environment` providers come from OIDC_* variables and cannot be changed through the API. */
  source: 'admin' | 'environment';
  name: string;
  buttonLabel: string;
  issuerUrl: string;
  clientId: string;
  /** Decrypted; undefined for a public client. Never leaves the server. */
  clientSecret: string | undefined;
  scopes: string;
  autoProvision: boolean;
  /** Household of auto-provisioned accounts; null: the founding household. */
  householdId: string | null;
  defaultRole: Role;
  groupsClaim: string;
  groupRoleMap: Record<string, Role>;
  enabled: boolean;
  /** Changes whenever the settings do, so that a cached discovery is not reused after a change. */
  revision: string;
}

/** A provider as the API shows it: its settings without the client secret. */
export interface SsoProviderView extends Omit<SsoProviderSettings, 'clientSecret'> {
  clientSecretSet: boolean;
  /** Optimistic-concurrency version; 0 for the environment's provider. */
  version: number;
}

/**
 * The role the provider's groups give, or undefined when the provider does not decide roles: no
 * mapping is configured, or the ID token and userinfo do not carry the groups claim at all (a
 * missing `groups` scope must not demote everyone). With the claim present but no mapped group in
 * it, the default role applies: group membership is the provider's to manage once mapped.
 */
export function roleFromGroups(
  claims: Record<string, unknown>,
  provider: Pick<SsoProviderSettings, 'groupsClaim' | 'groupRoleMap' | 'defaultRole'>,
): Role | undefined {
  if (Object.keys(provider.groupRoleMap).length === 0) return undefined;
  const claim = claims[provider.groupsClaim];
  if (claim === undefined || claim === null) return undefined;
  const groups: unknown[] = Array.isArray(claim) ? claim : [claim];
  const roles = groups.flatMap((group) =>
    typeof group === 'string' && Object.hasOwn(provider.groupRoleMap, group)
      ? [provider.groupRoleMap[group]]
      : [],
  );
  if (roles.length === 0) return provider.defaultRole;
  return roles.reduce((best, role) => (ROLE_RANK.indexOf(role) > ROLE_RANK.indexOf(best) ? role : best));
}
