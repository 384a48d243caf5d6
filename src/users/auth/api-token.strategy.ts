import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { ApiToken } from './api-token.entity.js';
import { principalOf } from './principal-of.js';
import type { Principal } from './principal.js';
import { sha256 } from './secrets.js';

/** Prefix of personal API tokens, so they are recognisable (and findable by secret scanners). */
export const API_TOKEN_PREFIX = 'wt_';
/** `lastUsedAt` is written at most this often, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Accepts `Authorization: Bearer wt_…` personal API tokens. */
@Injectable()
export class ApiTokenStrategy extends PassportStrategy(Strategy, 'api-token') {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async validate(request: FastifyRequest): Promise<Principal | false> {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith(`Bearer ${API_TOKEN_PREFIX}`)
      ? header.slice('Bearer '.length)
      : undefined;
    if (!token) return false;
    const em = this.em.fork();
    const now = new Date();
    const apiToken = await em.findOne(
      ApiToken,
      { tokenHash: sha256(token), revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] },
      { populate: ['user', 'user.household'], filters: false },
    );
    if (!apiToken || apiToken.user.disabledAt) return false;
    if (!apiToken.lastUsedAt || now.getTime() - apiToken.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      apiToken.lastUsedAt = now;
      await em.flush();
    }
    return { ...principalOf(apiToken.user), scope: apiToken.scope, apiTokenId: apiToken.id };
  }
}
