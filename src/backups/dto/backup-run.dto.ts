import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { listQuery } from '../../common/pagination/list-query.js';
import {
  BACKUP_RUN_STATUSES,
  BACKUP_TRIGGERS,
  VERIFY_LEVELS,
  type BackupRun,
  type BackupRunStatus,
  type BackupTrigger,
  type VerifyLevel,
} from '../backup-run.entity.js';

/** Query of `GET /backups/runs`: newest first by default, filters by policy and status. */
export class BackupRunListQuery extends listQuery(
  ['createdAt', 'finishedAt', 'sizeBytes'],
  'createdAt',
  'DESC',
) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  policyId?: string;

  @ApiPropertyOptional({ enum: BACKUP_RUN_STATUSES })
  @IsOptional()
  @IsIn(BACKUP_RUN_STATUSES)
  status?: BackupRunStatus;
}

/** Outcome of a run on one storage target. */
export class BackupTargetResultDto {
  providerId: string;
  providerName: string;
  @ApiProperty({ enum: ['complete', 'failed'] })
  status: 'complete' | 'failed';
  bytesWritten: number;
  durationMs: number;
  error?: string;
}

/** Outcome of one verification. */
export class BackupVerificationDto {
  @ApiProperty({ enum: VERIFY_LEVELS })
  level: VerifyLevel;
  ok: boolean;
  at: string;
  durationMs: number;
  providerId: string;
  summary: string;
  error?: string;
}

/** The last restore of a backup. */
export class BackupRestoreStateDto {
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] })
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt?: string;
  /** The backup taken of the database just before it was replaced. */
  safetyRunId?: string;
  /** Photo blobs copied back into the photo storage. */
  photosCopied?: number;
  error?: string;
}

/** What the run's manifest records. */
export class BackupManifestSummaryDto {
  appVersion: string;
  @ApiProperty({ type: String, nullable: true })
  migration: string | null;
  @ApiProperty({ type: String, nullable: true })
  postgresVersion: string | null;
  createdAt: string;
  finishedAt: string;
  /** Row counts per table (`schema.table`). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  tables: Record<string, number>;
  /** Photo blobs in the backup, their size before and after encryption. */
  photos: { count: number; plainBytes: number; bytes: number };
}

/** A backup run. */
export class BackupRunDto {
  id: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  policyId: string | null;
  policyName: string;
  @ApiProperty({ enum: BACKUP_TRIGGERS })
  trigger: BackupTrigger;
  @ApiProperty({ enum: BACKUP_RUN_STATUSES })
  status: BackupRunStatus;
  createdAt: Date;
  @ApiProperty({ type: Date, nullable: true })
  startedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  finishedAt: Date | null;
  /** Seconds from start to end; null while queued or running. */
  @ApiProperty({ type: Number, nullable: true })
  durationSeconds: number | null;
  /** Progress: bytes processed so far, out of about `bytesEstimated`. */
  bytesDone: number;
  @ApiProperty({ type: Number, nullable: true })
  bytesEstimated: number | null;
  /** Encrypted size as stored on one target. */
  @ApiProperty({ type: Number, nullable: true })
  sizeBytes: number | null;
  /** The size differs by more than 50 % from the median of the policy's last 7 good runs. */
  sizeAnomaly: boolean;
  targets: BackupTargetResultDto[];
  @ApiProperty({ type: BackupManifestSummaryDto, nullable: true })
  manifest: BackupManifestSummaryDto | null;
  verifications: BackupVerificationDto[];
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  /** The last restore of this backup; null when it was never restored. */
  @ApiProperty({ type: BackupRestoreStateDto, nullable: true })
  restore: BackupRestoreStateDto | null;
  /** When retention deleted its objects; null while they are kept. */
  @ApiProperty({ type: Date, nullable: true })
  prunedAt: Date | null;

  static from(run: BackupRun): BackupRunDto {
    const {
      database: _database,
      runId: _runId,
      policy: _policy,
      format: _format,
      ...manifest
    } = run.manifest ?? ({} as NonNullable<BackupRun['manifest']>);
    return Object.assign(new BackupRunDto(), {
      id: run.id,
      policyId: run.policy?.id ?? null,
      policyName: run.policyName,
      trigger: run.trigger,
      status: run.status,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      durationSeconds:
        run.startedAt && run.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : null,
      bytesDone: run.bytesDone,
      bytesEstimated: run.bytesEstimated,
      sizeBytes: run.sizeBytes,
      sizeAnomaly: run.sizeAnomaly,
      targets: run.targets,
      manifest: run.manifest ? manifest : null,
      verifications: run.verifications,
      error: run.error,
      restore: run.restore,
      prunedAt: run.prunedAt,
    });
  }
}

/** Which verification to run. */
export class VerifyBackupDto {
  /**
   * `quick`: the manifest is there and every object is listed with its size; `full`: every object is
   * downloaded, decrypted and checksummed, and `pg_restore --list` reads the dump; `drill`: the dump
   * is restored into a scratch database whose row counts must match the manifest.
   */
  @ApiProperty({ enum: VERIFY_LEVELS })
  @IsIn(VERIFY_LEVELS)
  level: VerifyLevel;
}

/** Confirmation of a restore. */
export class RestoreBackupDto {
  /** The id of the backup run again, typed by the admin: the restore replaces the whole database. */
  @IsString()
  @MaxLength(64)
  confirm: string;
}

/** A job accepted: follow it on the run. */
export class BackupJobAcceptedDto {
  runId: string;
  /** What was queued. */
  @ApiProperty({ enum: ['run', 'verify', 'restore'] })
  job: 'run' | 'verify' | 'restore';
}
