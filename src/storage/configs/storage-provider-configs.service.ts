import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AuditService } from '../../audit/audit.service.js';
import { SecretBox, SecretBoxError } from '../../common/crypto/secret-box.js';
import {
  BadRequestError,
  ConflictError,
  InvalidError,
  NotFoundError,
} from '../../common/errors/domain-error.js';
import { containsPattern } from '../../common/pagination/like-pattern.js';
import { toFindOptions } from '../../common/pagination/list-query.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { assertCurrentVersion } from '../../common/versioning.js';
import { AppConfig } from '../../config/app-config.js';
import { storageSecretKey } from '../../config/storage-secret-key.js';
import { SettingsService } from '../../settings/settings.service.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import type { StorageProviderType } from '../storage-provider.js';
import type { StorageProviderSettings } from '../storage-settings.js';
import { StorageSecretsUnreadableError } from '../storage.errors.js';
import type {
  CreateStorageProviderDto,
  StorageProviderListQuery,
  UpdateStorageProviderDto,
} from './dto/storage-provider.dto.js';
import type { StorageSettingsDto } from './dto/storage-settings.dto.js';
import {
  DEFAULT_PHOTO_STORAGE,
  PHOTO_STORAGE_SETTING,
  type PhotoStorageChoice,
} from './photo-storage-setting.js';
import { missingSecrets, secretsToSet, splitSecrets, toProviderSettings } from './provider-secrets.js';
import { StorageProviderConfig } from './storage-provider-config.entity.js';

/** Associated data of a sealed secret: it opens only for this configuration and field. */
/** What a provider's sealed secret is bound to: it opens only as that field of that provider. */
export const secretContext = (id: string, field: string) => `storage_provider_config:${id}:${field}`;

/** Why a storage provider cannot be deleted now, or null when it can. */
export type StorageDeletionCheck = (providerId: string) => Promise<string | null>;

/**
 * Named storage provider configurations (instance-wide, instance admins only): their settings are
 * validated per type, their secrets sealed with the storage SecretBox and never returned.
 */
@Injectable()
export class StorageProviderConfigsService {
  private readonly deletionChecks: StorageDeletionCheck[] = [];

  private readonly box: SecretBox;

  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(storageSecretKey(config));
  }

  async list(query: StorageProviderListQuery): Promise<Paginated<StorageProviderConfig>> {
    const where = {
      ...(query.type ? { type: query.type } : {}),
      ...(query.q ? { name: { $ilike: containsPattern(query.q.trim()) } } : {}),
    };
    const options = toFindOptions(query);
    const [configs, total] = await this.em.findAndCount(StorageProviderConfig, where, {
      ...options,
      orderBy: { ...options.orderBy, id: 'ASC' },
    });
    return paginated(configs, total);
  }

  /** The configuration; 404 when there is none with this id. */
  async get(id: string, em: EntityManager = this.em): Promise<StorageProviderConfig> {
    const config = await em.findOne(StorageProviderConfig, id);
    if (!config) throw new NotFoundError(`Storage provider ${id} does not exist`);
    return config;
  }

  async create(
    principal: Principal,
    input: CreateStorageProviderDto,
    origin: RequestOrigin,
  ): Promise<StorageProviderConfig> {
    const { type } = input.settings;
    const { plain, secretChanges } = splitSecrets(input.settings);
    const secrets = secretsToSet(secretChanges);
    this.assertUsable(type, plain, secrets);
    return this.em.transactional(async (em) => {
      await this.assertNameFree(em, input.name);
      const id = randomUUID();
      const config = em.create(StorageProviderConfig, {
        id,
        name: input.name,
        type,
        settings: plain,
        secrets: this.seal(id, secrets),
        lastTestResult: null,
        lastTestedAt: null,
      });
      await em.flush();
      await this.audit.record(
        {
          action: 'storage.provider_created',
          actor: principal,
          target: { type: 'storage_provider', id },
          origin,
          details: { name: config.name, type, secrets: Object.keys(secrets) },
        },
        em,
      );
      return config;
    });
  }

  /** Changes the name and/or settings; secrets not sent are kept (when the type stays the same). */
  async update(
    principal: Principal,
    id: string,
    input: UpdateStorageProviderDto,
    origin: RequestOrigin,
  ): Promise<StorageProviderConfig> {
    return this.em.transactional(async (em) => {
      const config = await this.get(id, em);
      assertCurrentVersion(`Storage provider ${id}`, config, input.version);
      const changed: string[] = [];
      if (input.name !== undefined && input.name !== config.name) {
        await this.assertNameFree(em, input.name);
        config.name = input.name;
        changed.push('name');
      }
      let secretsChanged: string[] = [];
      if (input.settings) {
        const { type } = input.settings;
        const { plain, secretChanges } = splitSecrets(input.settings);
        const kept = type === config.type ? config.secrets : {};
        const secrets = Object.fromEntries(
          Object.entries(kept).filter(([field]) => !(field in secretChanges)),
        );
        Object.assign(secrets, this.seal(id, secretsToSet(secretChanges)));
        this.assertUsable(type, plain, secrets);
        Object.assign(config, { type, settings: plain, secrets, lastTestResult: null, lastTestedAt: null });
        changed.push('settings');
        secretsChanged = Object.keys(secretChanges);
      }
      await em.flush();
      await this.audit.record(
        {
          action: 'storage.provider_updated',
          actor: principal,
          target: { type: 'storage_provider', id },
          origin,
          details: { name: config.name, type: config.type, changed, secretsChanged },
        },
        em,
      );
      return config;
    });
  }

  /**
   * Lets another module refuse the deletion of providers it still uses (backup policies): `check`
   * answers why `id` cannot be deleted, or null.
   */
  addDeletionCheck(check: StorageDeletionCheck): void {
    this.deletionChecks.push(check);
  }

  /** Deletes the configuration; 409 while photos are stored on it or another module uses it. */
  async delete(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    const photos = await this.settings.get<PhotoStorageChoice>(PHOTO_STORAGE_SETTING, DEFAULT_PHOTO_STORAGE);
    if (photos.value.providerId === id) {
      throw new ConflictError(
        `Storage provider ${id} holds the photos: choose another photo storage before deleting it`,
      );
    }
    for (const check of this.deletionChecks) {
      const reason = await check(id);
      if (reason) throw new ConflictError(`Storage provider ${id} cannot be deleted: ${reason}`);
    }
    await this.em.transactional(async (em) => {
      const config = await this.get(id, em);
      em.remove(config);
      await em.flush();
      await this.audit.record(
        {
          action: 'storage.provider_deleted',
          actor: principal,
          target: { type: 'storage_provider', id },
          origin,
          details: { name: config.name, type: config.type },
        },
        em,
      );
    });
  }

  /** The settings to open a saved configuration with, secrets decrypted. */
  providerSettings(config: StorageProviderConfig): StorageProviderSettings {
    const secrets: Record<string, string> = {};
    for (const [field, sealed] of Object.entries(config.secrets)) {
      try {
        secrets[field] = this.box.open(sealed, secretContext(config.id, field));
      } catch (error) {
        if (!(error instanceof SecretBoxError)) throw error;
        throw new StorageSecretsUnreadableError(
          `The ${field} of storage provider "${config.name}" cannot be decrypted (${error.message}): ` +
            'STORAGE_SECRET_KEY or DATA_DIR/storage-secret-key changed since it was saved; enter it again',
        );
      }
    }
    return toProviderSettings(config.type, config.settings, secrets);
  }

  /** The settings to open unsaved settings with (a test before saving). */
  unsavedProviderSettings(settings: StorageSettingsDto): StorageProviderSettings {
    const { plain, secretChanges } = splitSecrets(settings);
    const secrets = secretsToSet(secretChanges);
    this.assertUsable(settings.type, plain, secrets);
    return toProviderSettings(settings.type, plain, secrets);
  }

  /**
   * Refuses settings that cannot work (400 for a missing secret) or that reach too far: a local
   * folder outside DATA_DIR needs STORAGE_TARGETS=any, as an administrator of the application is not
   * necessarily one of the server (the same rule as rclone's local remotes).
   */
  private assertUsable(
    type: StorageProviderType,
    plain: Record<string, unknown>,
    secrets: Record<string, unknown>,
  ): void {
    const missing = missingSecrets(type, secrets);
    if (missing.length > 0) throw new BadRequestError(`The ${type} settings lack a secret`, missing);
    if (type !== 'local') return;
    const root = String(plain.root);
    const field = [{ field: 'settings.root', message: 'root is not allowed' }];
    if (!isAbsolute(root))
      throw new InvalidError(`The local folder must be an absolute path, not ${root}`, field);
    const inside = relative(this.config.dataDir, resolve(root));
    const outside = inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
    if (this.config.storage.targets !== 'any' && outside) {
      throw new InvalidError(
        `The local folder ${root} is outside DATA_DIR (${this.config.dataDir}): only allowed with STORAGE_TARGETS=any`,
        field,
      );
    }
  }

  private async assertNameFree(em: EntityManager, name: string): Promise<void> {
    if ((await em.count(StorageProviderConfig, { name })) > 0) {
      throw new ConflictError(`A storage provider named "${name}" already exists`, [
        { field: 'name', message: 'is taken' },
      ]);
    }
  }

  private seal(id: string, secrets: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(secrets).map(([field, value]) => [
        field,
        this.box.seal(value, secretContext(id, field)),
      ]),
    );
  }
}
