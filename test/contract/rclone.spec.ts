import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createStorageProvider } from '../../src/storage/storage-provider.factory.js';
import type { StorageProviderContext } from '../../src/storage/storage-settings.js';
import { describeStorageContract } from './storage-provider.contract.js';
import { startRcloneServe } from './support/servers.js';
import { mountTinyFileSystem } from './support/tmpfs.js';

const CAPACITY_BYTES = 8 * 1024 * 1024;
const any: StorageProviderContext = { targets: 'any' };

/** A config whose `store` remote is an alias of a local folder: the remote the contract runs on. */
function aliasConfig(folder: string): string {
  return `[disk]\ntype = local\n\n[store]\ntype = alias\nremote = disk:${folder}\n`;
}

/** A config whose `dav` remote is a WebDAV server: a remote with credentials and a host. */
function webdavConfig(url: string, user: string, password: string): string {
  const obscured = execFileSync('rclone', ['obscure', password], { encoding: 'utf8' }).trim();
  return `[dav]\ntype = webdav\nurl = ${url}\nvendor = other\nuser = ${user}\npass = ${obscured}\n`;
}

describeStorageContract('rclone', async () => {
  const home = await mkdtemp(join(tmpdir(), 'whiskey-rclone-test-'));
  const data = join(home, 'data');
  const served = join(home, 'served');
  await mkdir(data);
  await mkdir(served);
  const dav = await startRcloneServe('webdav', served, home, { user: 'ada', pass: 'the right password' });
  const tiny = mountTinyFileSystem(CAPACITY_BYTES);
  const provider = createStorageProvider(
    { type: 'rclone', config: aliasConfig(data), remote: 'store:' },
    any,
  );
  const full =
    tiny &&
    createStorageProvider({ type: 'rclone', config: aliasConfig(tiny.directory), remote: 'store:' }, any);
  const wrongPassword = 'the wrong password';
  return {
    provider,
    wrongCredentials: {
      open: () =>
        createStorageProvider(
          {
            type: 'rclone',
            config: webdavConfig(`http://127.0.0.1:${dav.port}/`, 'ada', wrongPassword),
            remote: 'dav:',
          },
          any,
        ),
      secret: wrongPassword,
    },
    missingContainer: {
      open: () =>
        createStorageProvider({ type: 'rclone', config: aliasConfig(data), remote: 'nowhere:backups' }, any),
    },
    full: full
      ? { provider: full, capacityBytes: CAPACITY_BYTES }
      : { skip: 'no tmpfs could be mounted here' },
    seed: async (keys) => {
      for (const key of keys) {
        await mkdir(dirname(join(data, key)), { recursive: true });
        await writeFile(join(data, key), key);
      }
    },
    loopbackByName: () =>
      createStorageProvider(
        { type: 'rclone', config: webdavConfig(`http://localhost:${dav.port}/`, 'ada', 'x'), remote: 'dav:' },
        { targets: 'lan' },
      ),
    close: async () => {
      await provider.close();
      await full?.close();
      await dav.stop();
      tiny?.unmount();
      await rm(home, { recursive: true, force: true });
    },
  };
});
