import type { StorageProviderType } from '../storage-provider.js';
import type { StorageProviderSettings } from '../storage-settings.js';
import type { StorageSettingsDto } from './dto/storage-settings.dto.js';

/** Shown in place of a stored secret; sent back unchanged, it keeps the stored secret. */
export const SECRET_PLACEHOLDER = '••••';

/** The settings of each provider type that are secrets: encrypted at rest, never returned. */
export const SECRET_FIELDS = {
  local: [],
  s3: ['secretAccessKey'],
  webdav: ['password'],
  sftp: ['password', 'privateKey', 'passphrase'],
  rclone: ['config'],
} as const satisfies Record<StorageProviderType, readonly string[]>;

/** Settings as sent: the plain ones, and what to do with each secret (`null`: clear it). */
export interface SplitSettings {
  plain: Record<string, unknown>;
  /** Only the secrets the request sets or clears; absent ones (or the placeholder) keep their value. */
  secretChanges: Record<string, string | null>;
}

function secretFieldsOf(type: StorageProviderType): readonly string[] {
  return SECRET_FIELDS[type];
}

/** Separates the secrets of sent settings from the rest (`type` stays out of both). */
export function splitSecrets(settings: StorageSettingsDto): SplitSettings {
  const secretFields = secretFieldsOf(settings.type);
  const plain: Record<string, unknown> = {};
  const secretChanges: Record<string, string | null> = {};
  for (const [field, value] of Object.entries(settings)) {
    if (field === 'type' || value === undefined) continue;
    // A plain setting sent as null is simply not set; a secret sent as null is cleared.
    if (!secretFields.includes(field)) {
      if (value !== null) plain[field] = value;
    } else if (value !== SECRET_PLACEHOLDER) {
      secretChanges[field] = value as string | null;
    }
  }
  return { plain, secretChanges };
}

/** The secrets that `changes` sets (leaving out those it clears). */
export function secretsToSet(changes: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(changes).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

/** The secret fields of `type` with the placeholder where a secret is stored and `null` elsewhere. */
export function maskedSecrets(
  type: StorageProviderType,
  stored: Record<string, unknown>,
): Record<string, string | null> {
  return Object.fromEntries(
    secretFieldsOf(type).map((field) => [field, stored[field] ? SECRET_PLACEHOLDER : null]),
  );
}

/** The `settings.<field>` errors of secrets a provider of `type` cannot work without. */
export function missingSecrets(
  type: StorageProviderType,
  secrets: Record<string, unknown>,
): { field: string; message: string }[] {
  const missing = (field: string, message = `${field} is required`) => ({
    field: `settings.${field}`,
    message,
  });
  if (type === 's3' && !secrets.secretAccessKey) return [missing('secretAccessKey')];
  if (type === 'rclone' && !secrets.config) return [missing('config')];
  if (type === 'sftp' && !secrets.password && !secrets.privateKey) {
    return [missing('password', 'password or privateKey is required')];
  }
  return [];
}

/** Settings a provider can be opened with, from the plain settings and the (decrypted) secrets. */
export function toProviderSettings(
  type: StorageProviderType,
  plain: Record<string, unknown>,
  secrets: Record<string, string>,
): StorageProviderSettings {
  // An SFTP folder defaults to the login folder. The shape was checked by the type's DTO when sent.
  const defaults = type === 'sftp' ? { root: '.' } : {};
  return { ...defaults, ...plain, ...secrets, type } as StorageProviderSettings;
}
