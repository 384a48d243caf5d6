import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { BackupPolicy } from './backup-policy.entity.js';
import type { BackupManifestSummary } from './pipeline/manifest.js';

/**
 * `queued` → `running` → `succeeded` (every target holds the complete backup, manifest last) or
 * `failed`; a succeeded run becomes `verified` once a verification of it passes.
 */
export const BACKUP_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'verified'] as const;
export type BackupRunStatus = (typeof BACKUP_RUN_STATUSES)[number];

/** What started a run. `safety`: taken by a restore just before it replaces the database. */
export const BACKUP_TRIGGERS = ['schedule', 'manual', 'safety'] as const;
export type BackupTrigger = (typeof BACKUP_TRIGGERS)[number];

/** The levels of verification, from cheapest to most thorough. */
export const VERIFY_LEVELS = ['quick', 'full', 'drill'] as const;
export type VerifyLevel = (typeof VERIFY_LEVELS)[number];

/** Outcome of a run on one storage target. */
export interface BackupTargetResult {
  providerId: string;
  providerName: string;
  /** `complete`: every object and the manifest are stored; `failed`: its partial objects were removed. */
  status: 'complete' | 'failed';
  /** Bytes written to the target in this run (photos already there are not written again). */
  bytesWritten: number;
  durationMs: number;
  error?: string;
}

/** The last restore of a run: its progress and outcome. */
export interface BackupRestoreState {
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt?: string;
  /** The backup taken of the database just before it was replaced. */
  safetyRunId?: string;
  /** Photo blobs copied back into the photo storage. */
  photosCopied?: number;
  error?: string;
}

/** Outcome of one verification of a run. */
export interface BackupVerification {
  level: VerifyLevel;
  ok: boolean;
  at: string;
  durationMs: number;
  /** Which target was checked. */
  providerId: string;
  /** What was checked, e.g. "12 objects, 4.2 MB" or "row counts of 23 tables match". */
  summary: string;
  error?: string;
}

const BackupRunSchema = defineEntity({
  name: 'BackupRun',
  tableName: 'backup_run',
  indexes: [{ properties: ['policy', 'createdAt'] }, { properties: ['status'] }],
  // One active run per policy, enforced by the database too: two workers can never both start one.
  uniques: [
    {
      name: 'backup_run_one_active_per_policy',
      expression:
        `create unique index "backup_run_one_active_per_policy" on "backup_run" ("policy_id") ` +
        `where "status" in ('queued', 'running')`,
    },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** Null once the policy is deleted; the run and its objects stay until deleted themselves. */
    policy: () => p.manyToOne(BackupPolicy).nullable().deleteRule('set null'),
    policyName: p.string().length(100),
    trigger: p.enum(BACKUP_TRIGGERS),
    status: p.enum(BACKUP_RUN_STATUSES).default('queued'),
    /** Where its objects are on every target, e.g. `backups/<policy id>/<run id>/`. */
    keyPrefix: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    /** Progress: plaintext bytes processed so far, out of about {@link bytesEstimated}. */
    bytesDone: p.bigint('number').default(0),
    bytesEstimated: p.bigint('number').nullable(),
    /** Encrypted size of the backup (database dump, photos and manifest) as stored on one target. */
    sizeBytes: p.bigint('number').nullable(),
    /** The size differs by more than 50 % from the median of the policy's last 7 good runs. */
    sizeAnomaly: p.boolean().default(false),
    targets: p.json<BackupTargetResult[]>(),
    /** What the manifest records (without the photo list); null until the run succeeded. */
    manifest: p.json<BackupManifestSummary>().nullable(),
    verifications: p.json<BackupVerification[]>(),
    error: p.text().nullable(),
    /** The last restore of this backup; null when it was never restored. */
    restore: p.json<BackupRestoreState>().nullable(),
    /** When retention removed its objects; the record stays for the history. */
    prunedAt: p.datetime().nullable(),
  },
});

/** One backup: its progress while it runs, then what it stored where, and how it was verified. */
export class BackupRun extends BackupRunSchema.class {}
BackupRunSchema.setClass(BackupRun);
