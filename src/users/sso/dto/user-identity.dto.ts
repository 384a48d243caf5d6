import type { UserIdentity } from '../user-identity.entity.js';

/** An identity-provider account linked to mine: signing in there signs me in here. */
export class UserIdentityDto {
  id: string;
  /** Slug of the provider it was linked through. @example "authentik" */
  provider: string;
  /** @example "https://auth.example.org/application/o/whiskey/" */
  issuer: string;
  /** The address the provider gave when it was linked. @example "ada@example.org" */
  email: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;

  static from(identity: UserIdentity): UserIdentityDto {
    return Object.assign(new UserIdentityDto(), {
      id: identity.id,
      provider: identity.providerSlug,
      issuer: identity.issuer,
      email: identity.email ?? null,
      createdAt: identity.createdAt,
      lastUsedAt: identity.lastUsedAt ?? null,
    });
  }
}
