import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../user.entity.js';

const RecoveryCodeSchema = defineEntity({
  name: 'RecoveryCode',
  tableName: 'mfa_recovery_code',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    /** SHA-256 of the normalised code (80 random bits, so a fast hash is enough; see recovery-codes.ts). */
    codeHash: p.string().length(64).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Set when the code was used; a used code never works again. */
    usedAt: p.datetime().nullable(),
  },
});

/** One of a user's single-use recovery codes, the way in when the authenticator is lost. */
export class RecoveryCode extends RecoveryCodeSchema.class {}
RecoveryCodeSchema.setClass(RecoveryCode);
