import { applyDecorators } from '@nestjs/common';
import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { STORAGE_PROVIDER_TYPES, type StorageProviderType } from '../../storage-provider.js';

/*
 * One class per provider type, used for requests and responses alike. Secret fields are write-only:
 * a request sets them (omitted on update: kept; `null`: cleared), a response shows `"••••"` when one
 * is stored and `null` when none is.
 */

const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

/** What a body's `settings` is read as when its `type` is missing or unknown, so validation says so. */
export class UnknownStorageSettingsDto {
  @IsIn(STORAGE_PROVIDER_TYPES)
  type: StorageProviderType;
}

/** A directory of the server. */
export class LocalStorageSettingsDto {
  @ApiProperty({ enum: ['local'] })
  @IsIn(['local'])
  type: 'local';

  /**
   * Absolute path of an existing directory. Outside DATA_DIR only with STORAGE_TARGETS=any.
   * @example "/var/lib/whiskey-tracker/storage"
   */
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  root: string;
}

/** An S3-compatible bucket (AWS, MinIO, Garage, Backblaze B2, Wasabi, …). */
export class S3StorageSettingsDto {
  @ApiProperty({ enum: ['s3'] })
  @IsIn(['s3'])
  type: 's3';

  /** Endpoint of an S3-compatible service; omitted: AWS. @example "https://minio.lan:9000" */
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'endpoint must be an http(s) URL' })
  @MaxLength(2000)
  endpoint?: string;

  /** @example "eu-west-1" */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  region: string;

  /** @example "whiskey-photos" */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  bucket: string;

  /** Folder inside the bucket every key is stored under; omitted: the bucket root. @example "whiskey/" */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  prefix?: string;

  /** Address buckets as `endpoint/bucket` (MinIO, Garage). */
  @IsOptional()
  @IsBoolean()
  forcePathStyle?: boolean;

  /** @example "AKIAIOSFODNN7EXAMPLE" */
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  accessKeyId: string;

  /** Secret (write-only): required when creating; reads show "••••". */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  secretAccessKey?: string | null;
}

/** A WebDAV folder (Nextcloud, a NAS, Apache, rclone serve webdav). */
export class WebdavStorageSettingsDto {
  @ApiProperty({ enum: ['webdav'] })
  @IsIn(['webdav'])
  type: 'webdav';

  /** URL of an existing folder. @example "https://cloud.example.org/remote.php/dav/files/ada/whiskey" */
  @IsUrl(URL_OPTIONS, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  username?: string;

  /** Secret (write-only): reads show "••••", or null when none is stored. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password?: string | null;
}

/** A folder on an SFTP server. */
export class SftpStorageSettingsDto {
  @ApiProperty({ enum: ['sftp'] })
  @IsIn(['sftp'])
  type: 'sftp';

  /** @example "nas.lan" */
  @IsString()
  @MinLength(1)
  @MaxLength(253)
  host: string;

  /** Default 22. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  username: string;

  /** Secret (write-only); a password or a private key (or both) is required. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password?: string | null;

  /** Secret (write-only): an OpenSSH or PEM private key. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(16384)
  privateKey?: string | null;

  /** Secret (write-only): the passphrase of an encrypted private key. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  passphrase?: string | null;

  /**
   * SHA-256 fingerprint of the server's host key (`ssh-keygen -l`); any other key is refused. Omitted:
   * captured and stored by the first successful connection test (trust on first use).
   * @example "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
   */
  @IsOptional()
  @Matches(/^SHA256:[A-Za-z0-9+/]{43}$/, {
    message: 'hostKeyFingerprint must look like SHA256:<43 base64 characters>',
  })
  hostKeyFingerprint?: string;

  /** Existing folder, absolute or relative to the login folder; omitted: the login folder. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  root?: string;
}

/** Any rclone remote (Google Drive, OneDrive, Dropbox, B2, …) through the rclone command line. */
export class RcloneStorageSettingsDto {
  @ApiProperty({ enum: ['rclone'] })
  @IsIn(['rclone'])
  type: 'rclone';

  /** `name:path` of a remote defined in `config`. @example "gdrive:Backups/whiskey" */
  @IsString()
  @Matches(/^[^:/\\\s]+:/, { message: 'remote must look like name:path' })
  @MaxLength(1024)
  remote: string;

  /** Secret (write-only): the contents of an rclone.conf, as `rclone config` writes it; required when creating. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(65536)
  config?: string | null;
}

/** The settings of one provider type, told apart by `type`. */
export type StorageSettingsDto =
  | LocalStorageSettingsDto
  | S3StorageSettingsDto
  | WebdavStorageSettingsDto
  | SftpStorageSettingsDto
  | RcloneStorageSettingsDto;

/** The settings class of each provider type. */
export const STORAGE_SETTINGS_DTOS = {
  local: LocalStorageSettingsDto,
  s3: S3StorageSettingsDto,
  webdav: WebdavStorageSettingsDto,
  sftp: SftpStorageSettingsDto,
  rclone: RcloneStorageSettingsDto,
} satisfies Record<StorageProviderType, new () => { type: StorageProviderType }>;

/** Every settings class, for `@ApiExtraModels`. */
export const STORAGE_SETTINGS_CLASSES = Object.values(STORAGE_SETTINGS_DTOS);

/**
 * Documents a `settings` property as a `oneOf` of the type classes with `type` as discriminator
 * (the classes are registered with `@ApiExtraModels(...STORAGE_SETTINGS_CLASSES)` on the controllers).
 */
export function ApiStorageSettings(description: string, required: boolean): PropertyDecorator {
  return ApiProperty({
    description,
    required,
    oneOf: STORAGE_SETTINGS_CLASSES.map((dto) => ({ $ref: getSchemaPath(dto) })),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(
        Object.entries(STORAGE_SETTINGS_DTOS).map(([type, dto]) => [type, getSchemaPath(dto)]),
      ),
    },
  });
}

/** Validates a `settings` property as the class its `type` names: an unknown type or field is a 400. */
export function ValidStorageSettings(): PropertyDecorator {
  return applyDecorators(
    IsObject(),
    ValidateNested(),
    Type(() => UnknownStorageSettingsDto, {
      keepDiscriminatorProperty: true,
      discriminator: {
        property: 'type',
        subTypes: Object.entries(STORAGE_SETTINGS_DTOS).map(([name, value]) => ({ name, value })),
      },
    }),
  );
}
