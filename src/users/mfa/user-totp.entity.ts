import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../user.entity.js';

const UserTotpSchema = defineEntity({
  name: 'UserTotp',
  tableName: 'user_totp',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).unique().deleteRule('cascade'),
    /** The base32 TOTP secret sealed with the storage SecretBox for `user_totp:<user id>`. */
    sealedSecret: p.text().hidden().lazy(),
    /** When the user proved their authenticator works; null while enrolment is pending. */
    confirmedAt: p.datetime().nullable(),
    /**
     * The last time step (30 s counter since the epoch) whose code was accepted: a code of this step or
     * an earlier one is refused afterwards, so a code seen once cannot be used again (RFC 6238 §5.2).
     */
    lastUsedStep: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/**
 * A user's TOTP authenticator (RFC 6238). Exists from the enrolment's start; two-factor sign-in is on
 * once `confirmedAt` is set.
 */
export class UserTotp extends UserTotpSchema.class {}
UserTotpSchema.setClass(UserTotp);
