import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Whether the instance's backup identity exists; never its secret. */
export class BackupIdentityDto {
  exists: boolean;
  /** Public half (`age1…`) every backup is encrypted to. */
  @ApiProperty({ type: String, nullable: true })
  recipient: string | null;
  @ApiProperty({ type: Date, nullable: true })
  createdAt: Date | null;
  /** When an admin last downloaded the secret key; null: never, so no copy exists outside this server. */
  @ApiProperty({ type: Date, nullable: true })
  downloadedAt: Date | null;
}

/** The admin's password again, to download the secret key. */
export class DownloadBackupIdentityDto {
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}
