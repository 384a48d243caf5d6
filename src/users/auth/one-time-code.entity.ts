import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../user.entity.js';

export const ONE_TIME_CODE_PURPOSES = ['email_verification', 'password_reset'] as const;
export type OneTimeCodePurpose = (typeof ONE_TIME_CODE_PURPOSES)[number];

const OneTimeCodeSchema = defineEntity({
  name: 'OneTimeCode',
  tableName: 'one_time_code',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    purpose: p.enum(ONE_TIME_CODE_PURPOSES),
    /** SHA-256 of the short code typed by hand (email verification only). */
    codeHash: p.string().length(64).nullable(),
    /** SHA-256 of the long token carried by the mailed link. */
    linkHash: p.string().length(64).unique(),
    attempts: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});

/** A single-use secret mailed to a user: a verification code and link, or a password-reset link. */
export class OneTimeCode extends OneTimeCodeSchema.class {}
OneTimeCodeSchema.setClass(OneTimeCode);
