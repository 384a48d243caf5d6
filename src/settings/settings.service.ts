import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { assertCurrentVersion } from '../common/versioning.js';
import { InstanceSetting } from './instance-setting.entity.js';

/** A setting's value together with the version to send back when changing it. */
export interface VersionedSetting<T> {
  value: T;
  /** 0 while the setting still has its default value. */
  version: number;
}

/**
 * Instance-wide settings (registration mode, security requirements, …) kept in one key-value table.
 * Feature modules own their keys and defaults; changes use optimistic concurrency.
 */
@Injectable()
export class SettingsService {
  constructor(private readonly em: EntityManager) {}

  /** The stored value of `key`, or `defaultValue` when it was never set. */
  async get<T>(key: string, defaultValue: T): Promise<VersionedSetting<T>> {
    const setting = await this.em.fork().findOne(InstanceSetting, { key });
    return setting
      ? { value: setting.value as T, version: setting.version }
      : { value: defaultValue, version: 0 };
  }

  /**
   * Stores `value` under `key`. With `expectedVersion`, refuses (409) when the setting changed since
   * the caller read it; a concurrent writer is also caught by the version column.
   */
  async set<T>(key: string, value: T, expectedVersion?: number): Promise<VersionedSetting<T>> {
    return this.em.fork().transactional(async (em) => {
      const existing = await em.findOne(InstanceSetting, { key });
      if (expectedVersion !== undefined) {
        assertCurrentVersion(`Setting ${key}`, existing ?? { version: 0 }, expectedVersion);
      }
      const setting = existing ?? em.create(InstanceSetting, { key, value });
      setting.value = value;
      await em.flush();
      return { value: setting.value as T, version: setting.version };
    });
  }
}
