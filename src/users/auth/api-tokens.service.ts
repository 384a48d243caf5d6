import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { InvalidError, NotFoundError } from '../../common/errors/domain-error.js';
import { User } from '../user.entity.js';
import { ApiToken, type ApiTokenScope } from './api-token.entity.js';
import { API_TOKEN_PREFIX } from './api-token.strategy.js';
import type { Principal, RequestOrigin } from './principal.js';
import { randomToken, sha256 } from './secrets.js';

/** Personal API tokens of the caller: created (shown once), listed and revoked. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async create(
    principal: Principal,
    input: { name: string; scope: ApiTokenScope; expiresAt?: Date },
    origin: RequestOrigin,
  ): Promise<{ apiToken: ApiToken; token: string }> {
    if (input.expiresAt && input.expiresAt <= new Date()) {
      throw new InvalidError('The expiry must be in the future', [
        { field: 'expiresAt', message: 'in the past' },
      ]);
    }
    const token = `${API_TOKEN_PREFIX}${randomToken()}`;
    const apiToken = this.em.create(ApiToken, {
      user: this.em.getReference(User, principal.userId),
      name: input.name,
      scope: input.scope,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      expiresAt: input.expiresAt ?? null,
    });
    await this.audit.record(
      {
        action: 'api_token.created',
        actor: principal,
        target: { type: 'api_token', id: apiToken.id },
        origin,
        details: { scope: input.scope },
      },
      this.em,
    );
    await this.em.flush();
    return { apiToken, token };
  }

  list(principal: Principal): Promise<ApiToken[]> {
    return this.em.find(
      ApiToken,
      { user: principal.userId, revokedAt: null },
      { orderBy: { createdAt: 'DESC' } },
    );
  }

  async revoke(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    const apiToken = await this.em.findOne(ApiToken, { id, user: principal.userId, revokedAt: null });
    if (!apiToken) throw new NotFoundError(`API token ${id} does not exist`);
    apiToken.revokedAt = new Date();
    await this.audit.record(
      { action: 'api_token.revoked', actor: principal, target: { type: 'api_token', id }, origin },
      this.em,
    );
    await this.em.flush();
  }
}
