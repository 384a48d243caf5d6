import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../user.entity.js';

const MfaChallengeSchema = defineEntity({
  name: 'MfaChallenge',
  tableName: 'mfa_challenge',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    /** SHA-256 of the opaque challenge token handed to the client; the token itself is never stored. */
    tokenHash: p.string().length(64).unique(),
    /** Wrong codes presented with this challenge; it is deleted when they reach the limit. */
    failedAttempts: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
  },
});

/**
 * The pending second step of a sign-in: the password was right, a TOTP or recovery code is still due.
 * Single-use (deleted once it succeeds or dies) and short-lived; it grants nothing but that step.
 */
export class MfaChallenge extends MfaChallengeSchema.class {}
MfaChallengeSchema.setClass(MfaChallenge);
