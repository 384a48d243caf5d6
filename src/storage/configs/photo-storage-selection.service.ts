import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { InvalidError } from '../../common/errors/domain-error.js';
import { SettingsService, type VersionedSetting } from '../../settings/settings.service.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import type { StorageProvider } from '../storage-provider.js';
import { StorageService } from '../storage.service.js';
import { StorageConfigError } from '../storage.errors.js';
import {
  DEFAULT_PHOTO_STORAGE,
  PHOTO_STORAGE_SETTING,
  type PhotoStorageChoice,
} from './photo-storage-setting.js';
import { StorageProviderConfig } from './storage-provider-config.entity.js';
import { StorageProviderConfigsService } from './storage-provider-configs.service.js';

/** The storage photos go to right now. */
export interface PhotoStorageTarget {
  /** Changes whenever the choice or the chosen configuration changes: a provider opened for another key is stale. */
  key: string;
  /** Opens a provider for it; the caller closes it. */
  open(): Promise<StorageProvider>;
}

/** Which storage photos are kept on: the default local folder or a saved provider configuration. */
@Injectable()
export class PhotoStorageSelectionService {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: SettingsService,
    private readonly configs: StorageProviderConfigsService,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
  ) {}

  get(): Promise<VersionedSetting<PhotoStorageChoice>> {
    return this.settings.get<PhotoStorageChoice>(PHOTO_STORAGE_SETTING, DEFAULT_PHOTO_STORAGE);
  }

  /** Chooses the storage of photos (`null`: the default); 422 for a configuration that does not exist. */
  async set(
    principal: Principal,
    providerId: string | null,
    expectedVersion: number,
    origin: RequestOrigin,
  ): Promise<VersionedSetting<PhotoStorageChoice>> {
    if (providerId !== null && (await this.em.count(StorageProviderConfig, { id: providerId })) === 0) {
      throw new InvalidError(`Storage provider ${providerId} does not exist`, [
        { field: 'providerId', message: 'does not exist' },
      ]);
    }
    const saved = await this.settings.set<PhotoStorageChoice>(
      PHOTO_STORAGE_SETTING,
      { providerId },
      expectedVersion,
    );
    await this.audit.record({
      action: 'storage.photos_changed',
      actor: principal,
      target: providerId ? { type: 'storage_provider', id: providerId } : undefined,
      origin,
      details: { providerId },
    });
    return saved;
  }

  /** The storage photos go to now. Works outside requests (jobs): it reads through a fork. */
  async target(): Promise<PhotoStorageTarget> {
    const { providerId } = (await this.get()).value;
    if (providerId === null) return { key: 'default', open: () => this.storage.openDefault() };
    const config = await this.em.fork().findOne(StorageProviderConfig, providerId);
    if (!config) {
      throw new StorageConfigError(
        `Photos are set to be stored on storage provider ${providerId}, which no longer exists`,
      );
    }
    return {
      key: `${config.id}:${config.version}`,
      open: async () => this.storage.open(this.configs.providerSettings(config)),
    };
  }
}
