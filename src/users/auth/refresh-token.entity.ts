import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { AuthSession } from './auth-session.entity.js';

const RefreshTokenSchema = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_token',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    session: () => p.manyToOne(AuthSession).index().deleteRule('cascade'),
    /** SHA-256 of the opaque token; the token itself is never stored. */
    tokenHash: p.string().length(64).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Set when exchanged; presenting a used token again is reuse, and kills the whole session. */
    usedAt: p.datetime().nullable(),
  },
});

/** One generation of a session's rotating refresh token. */
export class RefreshToken extends RefreshTokenSchema.class {}
RefreshTokenSchema.setClass(RefreshToken);
