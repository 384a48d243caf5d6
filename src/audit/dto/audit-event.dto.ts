import type { AuditEvent } from '../audit-event.entity.js';

/** One entry of the audit trail. */
export class AuditEventDto {
  id: number;
  at: Date;
  /** Who did it; null for anonymous events. */
  actorId: string | null;
  /** @example "auth.login" */
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;

  static from(event: AuditEvent): AuditEventDto {
    return Object.assign(new AuditEventDto(), {
      id: event.id,
      at: event.at,
      actorId: event.actorId ?? null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      ip: event.ip ?? null,
      requestId: event.requestId ?? null,
      details: event.details ?? null,
    });
  }
}
