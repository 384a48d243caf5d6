import { LocalStorageProvider } from './providers/local.provider.js';
import { RcloneStorageProvider } from './providers/rclone.provider.js';
import { S3StorageProvider } from './providers/s3.provider.js';
import { SftpStorageProvider } from './providers/sftp.provider.js';
import { WebdavStorageProvider } from './providers/webdav.provider.js';
import type { StorageProvider } from './storage-provider.js';
import type { StorageProviderContext, StorageProviderSettings } from './storage-settings.js';

/**
 * The provider for `settings`. Checks what can be checked without contacting the back end (URLs,
 * fingerprints, rclone config rules, IP literals against STORAGE_TARGETS) and throws a
 * `StorageConfigError` when something is wrong; connections are opened on first use.
 */
export function createStorageProvider(
  settings: StorageProviderSettings,
  context: StorageProviderContext,
): StorageProvider {
  switch (settings.type) {
    case 'local':
      return new LocalStorageProvider(settings);
    case 's3':
      return new S3StorageProvider(settings, context);
    case 'webdav':
      return new WebdavStorageProvider(settings, context);
    case 'sftp':
      return new SftpStorageProvider(settings, context);
    case 'rclone':
      return new RcloneStorageProvider(settings, context);
  }
}
