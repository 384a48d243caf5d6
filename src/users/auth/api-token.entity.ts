import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../user.entity.js';

export const API_TOKEN_SCOPES = ['read', 'write'] as const;
/** `read` tokens may only use GET routes. */
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

const ApiTokenSchema = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).index().deleteRule('cascade'),
    name: p.string().length(100),
    scope: p.enum(API_TOKEN_SCOPES),
    /** SHA-256 of the token (it has 256 bits of entropy, so a fast hash is enough). */
    tokenHash: p.string().length(64).unique(),
    /** The first characters, so people can tell their tokens apart. */
    prefix: p.string().length(16),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});

/** A personal token for scripts (`Authorization: Bearer wt_…`). */
export class ApiToken extends ApiTokenSchema.class {}
ApiTokenSchema.setClass(ApiToken);
