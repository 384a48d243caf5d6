import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorageProvider } from '../../src/storage/storage-provider.factory.js';
import type { StorageProviderContext, WebdavStorageSettings } from '../../src/storage/storage-settings.js';
import { describeStorageContract } from './storage-provider.contract.js';
import { startRcloneServe, type TestServer } from './support/servers.js';
const credentials = { user: 'ada', pass: 'correct horse battery staple' };
const any: StorageProviderContext = { targets: 'any' };

function settings(server: TestServer, overrides: Partial<WebdavStorageSettings> = {}): WebdavStorageSettings {
  return {
    type: 'webdav',
    url: `http://127.0.0.1:${server.port}/`,
    username: credentials.user,
    password: credentials.pass,
    ...overrides,
  };
}

describeStorageContract('webdav', async () => {
  const home = await mkdtemp(join(tmpdir(), 'whiskey-webdav-'));
  const data = join(home, 'data');
  await mkdir(data);
  const server = await startRcloneServe('webdav', data, home, credentials);
  const provider = createStorageProvider(settings(server), any);
  const wrongPassword = 'wrong password for webdav';
  return {
    provider,
    serverReplacesInPlace:
      'rclone serve webdav answers a GET that races the MOVE with the old length and some of the new bytes ' +
      '(seen once in a loaded CI run); the provider writes to a temporary name and MOVEs it into place',
    wrongCredentials: {
      open: () => createStorageProvider(settings(server, { password: wrongPassword }), any),
      secret: wrongPassword,
    },
    missingContainer: {
      open: () =>
        createStorageProvider(
          settings(server, { url: `http://127.0.0.1:${server.port}/no/such/folder/` }),
          any,
        ),
    },
    full: {
      skip:
        'rclone serve webdav (golang.org/x/net/webdav) answers a write that fails for lack of space with ' +
        '405 Method Not Allowed rather than 507 Insufficient Storage; the 507 mapping is unit-tested',
    },
    loopbackByName: () =>
      createStorageProvider(settings(server, { url: `http://localhost:${server.port}/` }), {
        targets: 'lan',
      }),
    close: async () => {
      await provider.close();
      await server.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
});
