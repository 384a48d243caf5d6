import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../households/household.entity.js';
import { ROLES, type Role } from '../user.entity.js';

const SsoProviderSchema = defineEntity({
  name: 'SsoProvider',
  tableName: 'sso_provider',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** In the sign-in URLs (`/auth/sso/<slug>/start`); fixed once created, as the provider knows the callback URL. */
    slug: p.string().length(40).unique(),
    name: p.string().length(100),
    buttonLabel: p.string().length(100),
    issuerUrl: p.string().length(500),
    clientId: p.string().length(255),
    /** Sealed by the SecretBox for this provider; null for a public client (PKCE only). */
    clientSecret: p.text().nullable().hidden(),
    /** Space-separated, always including `openid`. */
    scopes: p.string().length(500),
    /** Unknown people with a verified email get an account on their first sign-in. */
    autoProvision: p.boolean().default(false),
    /** Where auto-provisioned accounts go; null: the founding household. */
    household: () => p.manyToOne(Household).nullable().deleteRule('set null'),
    defaultRole: p.enum(ROLES).default('user'),
    groupsClaim: p.string().length(100).default('groups'),
    /** Group name → role; empty: roles are managed here, not by the provider. */
    groupRoleMap: p.json<Record<string, Role>>(),
    enabled: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

/**
 * An OpenID Connect provider (Authelia, Authentik, Keycloak…) that people can sign in with, configured
 * by an instance admin. Its client secret is encrypted at rest and never returned by the API.
 */
export class SsoProvider extends SsoProviderSchema.class {}
SsoProviderSchema.setClass(SsoProvider);
