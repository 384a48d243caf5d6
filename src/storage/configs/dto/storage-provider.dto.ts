import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { listQuery } from '../../../common/pagination/list-query.js';
import { STORAGE_PROVIDER_TYPES, type StorageProviderType } from '../../storage-provider.js';
import { maskedSecrets } from '../provider-secrets.js';
import type { StorageProviderConfig } from '../storage-provider-config.entity.js';
import { ConnectionTestResultDto } from './connection-test.dto.js';
import { ApiStorageSettings, ValidStorageSettings, type StorageSettingsDto } from './storage-settings.dto.js';
import { trimmed } from '../../../common/dto-transforms.js';

/** A new named storage provider. */
export class CreateStorageProviderDto {
  /** Unique name. @example "NAS (WebDAV)" */
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiStorageSettings('The type and its settings; secrets are encrypted at rest and never returned', true)
  @ValidStorageSettings()
  settings: StorageSettingsDto;
}

/**
 * Changes to a storage provider: only the fields sent change. `settings`, when sent, replaces the
 * settings, except that a secret left out (or sent back as `"••••"`) keeps its stored value and a
 * secret sent as `null` is cleared.
 */
export class UpdateStorageProviderDto {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;

  // Unlike @IsOptional(), lets only `undefined` through: null is not a name (400).
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ValidateIf((_, value) => value !== undefined)
  @ApiStorageSettings('The new settings (secrets: left out = kept, null = cleared)', false)
  @ValidStorageSettings()
  settings?: StorageSettingsDto;
}

/** Query of `GET /storage/providers`: the list convention (`q` searches the name) and a type filter. */
export class StorageProviderListQuery extends listQuery(['name', 'type', 'createdAt'], 'name') {
  @ApiPropertyOptional({ description: 'Only providers of this type', enum: STORAGE_PROVIDER_TYPES })
  @IsOptional()
  @IsIn(STORAGE_PROVIDER_TYPES)
  type?: StorageProviderType;
}

/** A named storage provider; its secrets show as "••••" (stored) or null (none). */
export class StorageProviderDto {
  id: string;
  /** @example "NAS (WebDAV)" */
  name: string;
  @ApiProperty({ enum: STORAGE_PROVIDER_TYPES })
  type: StorageProviderType;
  @ApiStorageSettings('The settings, secrets replaced by "••••" or null', true)
  settings: StorageSettingsDto;
  /** The last connection test; null until the first one and after the settings change. */
  lastTest: ConnectionTestResultDto | null;
  createdAt: Date;
  updatedAt: Date;
  /** Send it back when changing the provider; a stale version is refused with 409. */
  version: number;

  static from(config: StorageProviderConfig): StorageProviderDto {
    return Object.assign(new StorageProviderDto(), {
      id: config.id,
      name: config.name,
      type: config.type,
      settings: {
        type: config.type,
        ...config.settings,
        ...maskedSecrets(config.type, config.secrets),
      } as StorageSettingsDto,
      lastTest:
        config.lastTestResult && config.lastTestedAt
          ? ConnectionTestResultDto.from(config.lastTestResult, config.lastTestedAt)
          : null,
      createdAt: config.createdAt,
      updatedAt: config.updatedAt,
      version: config.version,
    });
  }
}
