import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { listQuery } from '../../common/pagination/list-query.js';
import type { BackupPolicy } from '../backup-policy.entity.js';
import type { RetentionRules } from '../policy/retention.js';
import { trimmed } from '../../common/dto-transforms.js';

/** Bucket counts: -1 keeps every bucket (restic's "unlimited"). */
const BUCKET = { minimum: -1, maximum: 100_000 };

/**
 * Which backups to keep, with restic's `forget` rules: the newest complete backup of each of the last
 * N hours, days, ISO weeks, months and years (in the policy's time zone), the N newest, and all within
 * a duration of the newest. The newest complete backup is always kept; a policy keeping nothing is refused.
 */
export class RetentionRulesDto implements RetentionRules {
  /** Keep the N newest backups. */
  @ApiPropertyOptional(BUCKET)
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(100_000)
  last?: number;

  @ApiPropertyOptional(BUCKET)
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(100_000)
  hourly?: number;

  @ApiPropertyOptional(BUCKET)
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(100_000)
  daily?: number;

  @ApiPropertyOptional(BUCKET)
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(100_000)
  weekly?: number;

  @ApiPropertyOptional(BUCKET)
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(100_000)
  monthly?: number;

  @ApiPropertyOptional(BUCKET)
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(100_000)
  yearly?: number;

  /** Keep every backup this close to the newest one, e.g. `30d`, `1y6m`, `2w`, `12h`. @example "14d" */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  within?: string;
}

const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

/** A new backup policy. */
export class CreateBackupPolicyDto {
  /** Unique name. @example "Nightly to the NAS" */
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Five-field cron expression in `timeZone`; at most every 15 minutes. @example "0 3 * * *" */
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  schedule: string;

  /** IANA time zone of the schedule and of the retention's days and weeks. @example "Europe/Berlin" */
  @IsString()
  @MaxLength(64)
  timeZone: string;

  /** Storage providers to write each backup to (at least one to enable the policy). */
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  targetIds: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  includeDatabase?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  includePhotos?: boolean;

  /**
   * Extra age recipients (`age1…`) each backup is encrypted to, besides the instance's backup
   * identity: e.g. a key kept offline.
   */
  @ApiPropertyOptional({ type: [String], default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(AGE_RECIPIENT, { each: true, message: 'each recipient must be an age X25519 recipient (age1…)' })
  recipients?: string[];

  @ValidateNested()
  @Type(() => RetentionRulesDto)
  retention: RetentionRulesDto;

  /** When a restore drill checks the newest backup (cron in `timeZone`); null: never. @example "0 4 * * 0" */
  @ApiPropertyOptional({ type: String, nullable: true, default: '0 4 * * 0' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(100)
  drillSchedule?: string | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Changes to a policy: only the fields sent change. */
export class UpdateBackupPolicyDto {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MaxLength(100)
  schedule?: string;

  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  targetIds?: string[];

  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  includeDatabase?: boolean;

  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  includePhotos?: boolean;

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(AGE_RECIPIENT, { each: true, message: 'each recipient must be an age X25519 recipient (age1…)' })
  recipients?: string[];

  @ApiPropertyOptional({ type: RetentionRulesDto })
  @ValidateIf((_, value) => value !== undefined)
  @ValidateNested()
  @Type(() => RetentionRulesDto)
  retention?: RetentionRulesDto;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(100)
  drillSchedule?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  enabled?: boolean;
}

/** Query of `GET /backups/policies`. */
export class BackupPolicyListQuery extends listQuery(['name', 'createdAt'], 'name') {}

/** A backup policy. */
export class BackupPolicyDto {
  id: string;
  name: string;
  schedule: string;
  timeZone: string;
  targetIds: string[];
  includeDatabase: boolean;
  includePhotos: boolean;
  recipients: string[];
  retention: RetentionRulesDto;
  @ApiProperty({ type: String, nullable: true })
  drillSchedule: string | null;
  enabled: boolean;
  /** The next five scheduled runs (empty while disabled). */
  nextRuns: Date[];
  createdAt: Date;
  updatedAt: Date;
  /** Send it back when changing the policy; a stale version is refused with 409. */
  version: number;

  static from(policy: BackupPolicy, nextRuns: Date[]): BackupPolicyDto {
    return Object.assign(new BackupPolicyDto(), {
      id: policy.id,
      name: policy.name,
      schedule: policy.schedule,
      timeZone: policy.timeZone,
      targetIds: policy.targetIds,
      includeDatabase: policy.includeDatabase,
      includePhotos: policy.includePhotos,
      recipients: policy.recipients,
      retention: policy.retention,
      drillSchedule: policy.drillSchedule,
      enabled: policy.enabled,
      nextRuns,
      createdAt: policy.createdAt,
      updatedAt: policy.updatedAt,
      version: policy.version,
    });
  }
}

/** Which of a policy's backups some retention rules would keep and which they would delete. */
export class RetentionPreviewDto {
  keep: RetentionKeepDto[];
  /** Ids of the runs that would be deleted. */
  forget: string[];
}

export class RetentionKeepDto {
  id: string;
  /** Why it is kept, e.g. "daily 2026-11-27", "newest". */
  reasons: string[];
}
