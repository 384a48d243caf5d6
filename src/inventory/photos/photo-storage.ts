import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PhotoStorageSelectionService } from '../../storage/configs/photo-storage-selection.service.js';
import type { StorageProvider } from '../../storage/storage-provider.js';

/** A replaced provider stays open this long, so that transfers it started can finish. */
const RETIRE_AFTER_MS = 60_000;

/**
 * The storage photos are kept in: the default local storage (DATA_DIR/storage) or the provider an
 * instance admin chose (`storage.photos`). One provider is kept open per choice and configuration
 * version; when either changes, the next call opens the new one and the old one is closed a minute later.
 */
@Injectable()
export class PhotoStorage implements OnModuleDestroy {
  private current?: { key: string; provider: Promise<StorageProvider> };
  private readonly retiring = new Set<Promise<StorageProvider>>();

  constructor(private readonly selection: PhotoStorageSelectionService) {}

  /** The provider for the current choice, opened on first use. */
  async get(): Promise<StorageProvider> {
    const target = await this.selection.target();
    if (this.current?.key !== target.key) {
      if (this.current) this.retire(this.current.provider);
      const provider = target.open();
      this.current = { key: target.key, provider };
      // A provider that failed to open is not kept: the next call tries again.
      provider.catch(() => {
        if (this.current?.provider === provider) this.current = undefined;
      });
    }
    return this.current.provider;
  }

  async onModuleDestroy(): Promise<void> {
    const open = [...this.retiring, ...(this.current ? [this.current.provider] : [])];
    this.current = undefined;
    this.retiring.clear();
    await Promise.all(open.map((provider) => close(provider)));
  }

  private retire(provider: Promise<StorageProvider>): void {
    this.retiring.add(provider);
    setTimeout(() => {
      if (this.retiring.delete(provider)) void close(provider);
    }, RETIRE_AFTER_MS).unref();
  }
}

/**
 * Closes a provider that may have failed to open (then there is nothing to close). Closing only
 * releases connections: a failure there leaves nothing to clean up, so it is ignored.
 */
async function close(provider: Promise<StorageProvider>): Promise<void> {
  await (await provider.catch(() => undefined))?.close().catch(() => undefined);
}
