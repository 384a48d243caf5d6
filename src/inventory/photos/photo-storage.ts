import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { StorageProvider } from '../../storage/storage-provider.js';
import { StorageService } from '../../storage/storage.service.js';

/**
 * The storage photos are kept in: the default local storage (DATA_DIR/storage), opened once per
 * process and closed at shutdown.
 */
@Injectable()
export class PhotoStorage implements OnModuleDestroy {
  private provider?: Promise<StorageProvider>;

  constructor(private readonly storage: StorageService) {}

  /** The provider, opened on first use. */
  get(): Promise<StorageProvider> {
    this.provider ??= this.storage.openDefault();
    return this.provider;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.provider) await (await this.provider).close();
  }
}
