import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../user.entity.js';

const UserIdentitySchema = defineEntity({
  name: 'UserIdentity',
  tableName: 'user_identity',
  uniques: [{ properties: ['issuer', 'subject'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    /** The provider's issuer identifier, as its discovery document states it. */
    issuer: p.string().length(500),
    /** The provider's stable id of the person (`sub`); never reassigned by a conforming provider. */
    subject: p.string().length(255),
    /** Slug of the provider it was linked through, to show which button it belongs to. */
    providerSlug: p.string().length(40),
    /** The address the provider gave when the link was made, to tell identities apart. */
    email: p.string().length(320).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
  },
});

/**
 * A person at an OpenID Connect provider (issuer + subject) linked to a local account: signing in
 * there signs them in here. Email addresses can change or be reassigned at the provider; the subject
 * cannot, so it, not the email, identifies the person once linked.
 */
export class UserIdentity extends UserIdentitySchema.class {}
UserIdentitySchema.setClass(UserIdentity);
