import { defineEntity, p } from '@mikro-orm/core';
import { householdFilter } from '../users/households/household-scope.js';

const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  // A schema of its own, where the runtime database role may only insert and read (ops/db/bootstrap.sql)
  // and a trigger refuses updates and deletes by anyone but the table's owner (migration audit_schema).
  schema: 'audit',
  tableName: 'audit_event',
  filters: householdFilter('householdId'),
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    at: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
    /** Plain ids, not foreign keys: the trail outlives the accounts and households it mentions. */
    actorId: p.uuid().nullable(),
    householdId: p.uuid().nullable().index(),
    action: p.string().length(64).index(),
    targetType: p.string().length(32).nullable(),
    targetId: p.string().length(64).nullable(),
    ip: p.string().length(45).nullable(),
    requestId: p.string().length(128).nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
  },
});

/** One entry of the append-only audit trail (`audit.audit_event`). */
export class AuditEvent extends AuditEventSchema.class {}
AuditEventSchema.setClass(AuditEvent);
