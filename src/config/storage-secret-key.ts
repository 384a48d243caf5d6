import { randomBytes } from 'node:crypto';
import { SECRET_KEY_BYTES } from '../common/crypto/secret-box.js';
import type { AppConfig } from './app-config.js';
import { ConfigError } from './config.error.js';
import { readOrCreateSecretFile } from './secret-file.js';

/** Name of the generated key file in DATA_DIR. */
export const STORAGE_SECRET_KEY_FILE = 'storage-secret-key';

/** 64 hex digits, or the base64 (or base64url) of 32 bytes. */
export const STORAGE_SECRET_KEY_PATTERN = /^(?:[0-9a-f]{64}|[A-Za-z0-9+/_-]{43}=?)$/i;

/** The 32 bytes of a key written as {@link STORAGE_SECRET_KEY_PATTERN} describes, `undefined` otherwise. */
export function decodeSecretKey(text: string): Buffer | undefined {
  if (!STORAGE_SECRET_KEY_PATTERN.test(text)) return undefined;
  const key = Buffer.from(text, text.length === 64 ? 'hex' : 'base64');
  return key.length === SECRET_KEY_BYTES ? key : undefined;
}

/**
 * The key that encrypts storage secrets at rest: STORAGE_SECRET_KEY when set, else the key kept in
 * DATA_DIR/storage-secret-key (base64, owner-only), generated on first use. The generated file is
 * fine in production too, as long as it is backed up with the database: without it the stored
 * secrets cannot be decrypted. Called when the application starts, not by `loadConfig`, so that
 * tools that only read the configuration write nothing.
 */
export function storageSecretKey(config: Pick<AppConfig, 'storage' | 'dataDir'>): Buffer {
  if (config.storage.secretKey) return config.storage.secretKey;
  const { secret } = readOrCreateSecretFile(
    config.dataDir,
    STORAGE_SECRET_KEY_FILE,
    () => randomBytes(SECRET_KEY_BYTES).toString('base64'),
    // A damaged file is reported, never replaced: a new key would orphan every stored secret.
    (existing) => existing !== '',
  );
  const key = decodeSecretKey(secret);
  if (!key) {
    throw new ConfigError(
      `Invalid configuration: ${config.dataDir}/${STORAGE_SECRET_KEY_FILE} does not hold a 32-byte base64 key; restore it from a backup`,
    );
  }
  return key;
}
