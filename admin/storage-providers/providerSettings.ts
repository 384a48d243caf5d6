import type { Schemas } from '../dataProvider';

/** A saved storage provider, as the API returns it (secrets as "••••" or null). */
export type StorageProvider = Schemas['StorageProviderDto'];
/** The settings of one provider type, told apart by `type`. */
export type StorageSettings = StorageProvider['settings'];
/** local, s3, webdav, sftp or rclone. */
export type ProviderType = StorageProvider['type'];
/** The outcome of a connection test: write, read, list and delete, in that order. */
export type ConnectionTestResult = Schemas['ConnectionTestResultDto'];

type SettingsOf<T extends ProviderType> = Extract<StorageSettings, { type: T }>;
type FieldsOf<T extends ProviderType> = readonly Exclude<keyof SettingsOf<T>, 'type'>[];

/** What the API shows in place of a stored secret. */
export const SECRET_PLACEHOLDER = '••••';

/** The provider types, as the type picker offers them. */
export const PROVIDER_TYPE_CHOICES: { id: ProviderType; name: string }[] = [
  { id: 'local', name: 'Local folder' },
  { id: 's3', name: 'S3-compatible' },
  { id: 'webdav', name: 'WebDAV' },
  { id: 'sftp', name: 'SFTP' },
  { id: 'rclone', name: 'rclone' },
];

/** The label of a provider type ("S3-compatible"). */
export function providerTypeLabel(type: ProviderType): string {
  return PROVIDER_TYPE_CHOICES.find((choice) => choice.id === type)?.name ?? type;
}

/**
 * The fields of each type's settings. A form keeps the fields of every type the admin looked at, and
 * the API refuses fields unknown to the chosen type, so only these are sent.
 */
const FIELDS: { [T in ProviderType]: FieldsOf<T> } = {
  local: ['root'],
  s3: ['endpoint', 'region', 'bucket', 'prefix', 'forcePathStyle', 'accessKeyId', 'secretAccessKey'],
  webdav: ['url', 'username', 'password'],
  sftp: ['host', 'port', 'username', 'password', 'privateKey', 'passphrase', 'hostKeyFingerprint', 'root'],
  rclone: ['remote', 'config'],
};

/** The write-only fields of each type: never shown, only replaced or removed. */
export const SECRET_FIELDS: { [T in ProviderType]: FieldsOf<T> } = {
  local: [],
  s3: ['secretAccessKey'],
  webdav: ['password'],
  sftp: ['password', 'privateKey', 'passphrase'],
  rclone: ['config'],
};

/**
 * The settings to send, from a form's values. Secrets follow the API's rules: a secret left empty or
 * still the placeholder is left out (kept on update), `null` (the admin removed it) clears it.
 * Other empty fields are left out, which on update clears them.
 */
export function settingsToSend(values: Record<string, unknown> | undefined): StorageSettings {
  const type = (values?.type ?? 'local') as ProviderType;
  const secrets = SECRET_FIELDS[type] as readonly string[];
  const settings: Record<string, unknown> = { type };
  for (const field of FIELDS[type] as readonly string[]) {
    const value = values?.[field];
    if (secrets.includes(field)) {
      if (value === null || (typeof value === 'string' && value !== '' && value !== SECRET_PLACEHOLDER))
        settings[field] = value;
    } else if (value !== undefined && value !== null && value !== '') {
      settings[field] = value;
    }
  }
  return settings as StorageSettings;
}

/** Whether a saved provider has `field` stored (the API shows it as the placeholder). */
export function secretIsSet(settings: StorageSettings | undefined, field: string): boolean {
  return (settings as Record<string, unknown> | undefined)?.[field] === SECRET_PLACEHOLDER;
}
