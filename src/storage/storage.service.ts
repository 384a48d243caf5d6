import { Injectable } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { captureSftpHostKey } from './providers/sftp-connection.js';
import { StorageMetrics } from './storage-metrics.js';
import { createStorageProvider } from './storage-provider.factory.js';
import type { StorageProvider } from './storage-provider.js';
import type { SftpStorageSettings, StorageProviderSettings } from './storage-settings.js';

/** Opens storage providers the way the application uses them: with STORAGE_TARGETS and metrics. */
@Injectable()
export class StorageService {
  constructor(
    private readonly config: AppConfig,
    private readonly metrics: StorageMetrics,
  ) {}

  /** A provider for `settings`, instrumented; the caller closes it when done. */
  open(settings: StorageProviderSettings): StorageProvider {
    return this.metrics.instrument(createStorageProvider(settings, { targets: this.config.storage.targets }));
  }

  /** The default storage: the folder `storage` of DATA_DIR, created when missing. */
  async openDefault(): Promise<StorageProvider> {
    const root = join(this.config.dataDir, 'storage');
    await mkdir(root, { recursive: true });
    return this.open({ type: 'local', root });
  }

  /** The host key fingerprint an SFTP server presents, to pin in its settings (trust on first use). */
  captureSftpHostKey(server: Pick<SftpStorageSettings, 'host' | 'port'>): Promise<string> {
    return captureSftpHostKey(server, this.config.storage.targets);
  }
}
