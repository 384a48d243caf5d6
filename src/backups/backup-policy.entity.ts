import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { RetentionRules } from './policy/retention.js';

const BackupPolicySchema = defineEntity({
  name: 'BackupPolicy',
  tableName: 'backup_policy',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(100).unique(),
    /** Five-field cron expression, read in {@link timeZone}. */
    schedule: p.string().length(100),
    /** IANA time zone of the schedule and of the retention's calendar buckets. */
    timeZone: p.string().length(64),
    /** Storage providers each backup is written to, in order. */
    targetIds: p.json<string[]>(),
    includeDatabase: p.boolean().default(true),
    includePhotos: p.boolean().default(true),
    /** age recipients (`age1…`) each backup is also encrypted to, besides the instance's backup identity. */
    recipients: p.json<string[]>(),
    retention: p.json<RetentionRules>(),
    /** When a restore drill checks the newest backup (cron, same time zone); null: never. */
    drillSchedule: p.string().length(100).nullable(),
    enabled: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

/** When, where, what and how long to back up: runs are made from it on its schedule or on demand. */
export class BackupPolicy extends BackupPolicySchema.class {}
BackupPolicySchema.setClass(BackupPolicy);
