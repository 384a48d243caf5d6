import { ApiProperty } from '@nestjs/swagger';

/** A run named by the health summary. */
export class BackupRunRefDto {
  runId: string;
  policyName: string;
  finishedAt: Date;
}

/** The newest failed run and why it failed. */
export class BackupFailureDto extends BackupRunRefDto {
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
}

/** What the backups take on one storage target. */
export class BackupTargetUsageDto {
  providerId: string;
  providerName: string;
  /** Bytes of the kept backups (dumps and manifests) and of the photo copies on the target. */
  bytes: number;
}

/** How safe the data is, at a glance (the console's dashboard card). */
export class BackupHealthDto {
  /** The newest backup whose verification passed; null when there is none. */
  @ApiProperty({ type: BackupRunRefDto, nullable: true })
  newestVerified: BackupRunRefDto | null;
  /** The newest failed run; null when none failed. */
  @ApiProperty({ type: BackupFailureDto, nullable: true })
  lastFailure: BackupFailureDto | null;
  targets: BackupTargetUsageDto[];
}
