import { Injectable } from '@nestjs/common';
import { StorageProviderConfigsService } from '../../storage/configs/storage-provider-configs.service.js';
import type { StorageProvider } from '../../storage/storage-provider.js';
import { StorageService } from '../../storage/storage.service.js';

/** A storage provider a backup is written to or read from, opened. */
export interface OpenTarget {
  id: string;
  name: string;
  provider: StorageProvider;
}

/** Opens the saved storage providers that policies name as their targets. */
@Injectable()
export class BackupTargets {
  constructor(
    private readonly configs: StorageProviderConfigsService,
    private readonly storage: StorageService,
  ) {}

  /** Opens the provider `id` (404 when it no longer exists); the caller closes it. */
  async open(id: string): Promise<OpenTarget> {
    const config = await this.configs.get(id);
    return {
      id: config.id,
      name: config.name,
      provider: this.storage.open(this.configs.providerSettings(config)),
    };
  }

  /** The names of the providers `ids`, in order; 404 for one that does not exist. */
  async names(ids: string[]): Promise<string[]> {
    return Promise.all(ids.map(async (id) => (await this.configs.get(id)).name));
  }
}

/** Closes every target; closing only releases connections, so its failures are ignored. */
export async function closeTargets(targets: OpenTarget[]): Promise<void> {
  await Promise.all(targets.map((target) => target.provider.close().catch(() => undefined)));
}
