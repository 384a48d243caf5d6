import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { containsPattern } from '../common/pagination/like-pattern.js';
import { toFindOptions } from '../common/pagination/list-query.js';
import { paginated, type Paginated } from '../common/pagination/paginated.js';
import type { Principal, RequestOrigin } from '../users/auth/principal.js';
import { AuditEvent } from './audit-event.entity.js';
import type { AuditEventListQuery } from './dto/audit-event-list-query.dto.js';

/** What happened, to what, for the audit trail. */
export interface AuditEntry {
  /** Dotted verb, e.g. `auth.login`, `user.role_changed`, `bottle.created`. */
  action: string;
  /** Who did it; absent for anonymous events (a failed login for an unknown address). */
  actor?: Pick<Principal, 'userId' | 'householdId'> | { userId?: string; householdId?: string };
  target?: { type: string; id: string };
  origin?: Partial<RequestOrigin>;
  /** Extra facts; never secrets. */
  details?: Record<string, unknown>;
}

/**
 * Writes and lists the append-only audit trail. Every module records its security-relevant events
 * and writes through this service.
 */
@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Records `entry`. Pass the `em` of an open transaction to make the entry part of it; without one,
   * the entry is written on its own at once (so a failed login is recorded even though the request fails).
   */
  async record(entry: AuditEntry, em?: EntityManager): Promise<void> {
    const target = em ?? this.em.fork();
    target.create(AuditEvent, {
      action: entry.action,
      actorId: entry.actor?.userId ?? null,
      householdId: entry.actor?.householdId ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: entry.origin?.ip ?? null,
      requestId: entry.origin?.requestId ?? null,
      details: entry.details ?? null,
    });
    if (!em) await target.flush();
  }

  /** The caller's household's events (the household filter applies), newest first by default. */
  async list(query: AuditEventListQuery): Promise<Paginated<AuditEvent>> {
    const where = {
      ...(query.action ? { action: query.action } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.q ? { action: { $ilike: containsPattern(query.q) } } : {}),
    };
    const [events, total] = await this.em.findAndCount(AuditEvent, where, toFindOptions(query));
    return paginated(events, total);
  }
}
