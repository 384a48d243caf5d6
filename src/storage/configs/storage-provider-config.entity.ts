import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { STORAGE_PROVIDER_TYPES, type ConnectionTestResult } from '../storage-provider.js';

const StorageProviderConfigSchema = defineEntity({
  name: 'StorageProviderConfig',
  tableName: 'storage_provider_config',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(100).unique(),
    type: p.enum(STORAGE_PROVIDER_TYPES),
    /** The type's settings without its secrets (those are in `secrets`). */
    settings: p.json<Record<string, unknown>>(),
    /** Secret settings by field name, each sealed by the SecretBox for this config and field. */
    secrets: p.json<Record<string, string>>(),
    /** Outcome of the last connection test; null until the first one. */
    lastTestResult: p.json<ConnectionTestResult>().nullable(),
    lastTestedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

/**
 * A named, instance-wide storage back end (a NAS over WebDAV, a bucket, a Drive through rclone) that
 * photos and backups can be kept on. Secrets are encrypted at rest and never returned by the API.
 */
export class StorageProviderConfig extends StorageProviderConfigSchema.class {}
StorageProviderConfigSchema.setClass(StorageProviderConfig);
