import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorageProvider } from '../../src/storage/storage-provider.factory.js';
import type { StorageProviderContext } from '../../src/storage/storage-settings.js';
import { describeStorageContract } from './storage-provider.contract.js';
import { mountTinyFileSystem } from './support/tmpfs.js';

const CAPACITY_BYTES = 4 * 1024 * 1024;
const context: StorageProviderContext = { targets: 'lan' };

describeStorageContract('local', async () => {
  const root = await mkdtemp(join(tmpdir(), 'whiskey-local-'));
  const tiny = mountTinyFileSystem(CAPACITY_BYTES);
  const provider = createStorageProvider({ type: 'local', root }, context);
  const full = tiny && createStorageProvider({ type: 'local', root: tiny.directory }, context);
  return {
    provider,
    missingContainer: {
      open: () => createStorageProvider({ type: 'local', root: join(root, 'not-mounted') }, context),
    },
    full: full
      ? { provider: full, capacityBytes: CAPACITY_BYTES }
      : { skip: 'no tmpfs could be mounted here' },
    close: async () => {
      await provider.close();
      await full?.close();
      tiny?.unmount();
      await rm(root, { recursive: true, force: true });
    },
  };
});
