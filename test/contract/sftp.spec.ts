import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { captureSftpHostKey } from '../../src/storage/providers/sftp-connection.js';
import { createStorageProvider } from '../../src/storage/storage-provider.factory.js';
import type { SftpStorageSettings, StorageProviderContext } from '../../src/storage/storage-settings.js';
import {
  StorageAuthError,
  StorageConfigError,
  StorageHostKeyMismatchError,
} from '../../src/storage/storage.errors.js';
import { describeStorageContract } from './storage-provider.contract.js';
import { startRcloneServe, type TestServer } from './support/servers.js';
import { generateSshKeyPair } from './support/ssh-keys.js';
import { mountTinyFileSystem } from './support/tmpfs.js';

const CAPACITY_BYTES = 8 * 1024 * 1024;
const credentials = { user: 'ada', pass: 'correct horse battery staple' };
const any: StorageProviderContext = { targets: 'any' };
const hostKey = generateSshKeyPair();

function settings(server: TestServer, overrides: Partial<SftpStorageSettings> = {}): SftpStorageSettings {
  return {
    type: 'sftp',
    host: '127.0.0.1',
    port: server.port,
    username: credentials.user,
    password: credentials.pass,
    hostKeyFingerprint: hostKey.fingerprint,
    root: '/',
    ...overrides,
  };
}

/** `rclone serve sftp` of a fresh folder with {@link hostKey}; `authorizedKeys` enables key login. */
async function startServer(authorizedKeys?: string) {
  const home = await mkdtemp(join(tmpdir(), 'whiskey-sftp-'));
  const data = join(home, 'data');
  await mkdir(data);
  const server = await startRcloneServe('sftp', data, home, {
    ...credentials,
    hostKey: hostKey.privateKey,
    authorizedKeys,
  });
  return { server, home };
}

describeStorageContract('sftp', async () => {
  const { server, home } = await startServer();
  const tiny = mountTinyFileSystem(CAPACITY_BYTES);
  const fullServer =
    tiny &&
    (await startRcloneServe('sftp', tiny.directory, home, { ...credentials, hostKey: hostKey.privateKey }));
  const provider = createStorageProvider(settings(server), any);
  const full = fullServer && createStorageProvider(settings(fullServer), any);
  const wrongPassword = 'wrong password for sftp';
  return {
    provider,
    wrongCredentials: {
      open: () => createStorageProvider(settings(server, { password: wrongPassword }), any),
      secret: wrongPassword,
    },
    missingContainer: {
      open: () => createStorageProvider(settings(server, { root: '/no/such/folder' }), any),
    },
    full: full
      ? { provider: full, capacityBytes: CAPACITY_BYTES }
      : { skip: 'no tmpfs could be mounted here' },
    loopbackByName: () => createStorageProvider(settings(server, { host: 'localhost' }), { targets: 'lan' }),
    close: async () => {
      await provider.close();
      await full?.close();
      await server.stop();
      await fullServer?.stop();
      tiny?.unmount();
      await rm(home, { recursive: true, force: true });
    },
  };
});

describe('sftp host keys and key login', () => {
  const clientKey = generateSshKeyPair();
  const encryptedKey = generateSshKeyPair('passphrase of the key');
  const strangerKey = generateSshKeyPair();
  let server: TestServer;
  let home: string;

  beforeAll(async () => {
    ({ server, home } = await startServer(`${clientKey.publicKey}\n${encryptedKey.publicKey}\n`));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(home, { recursive: true, force: true });
  });

  /** The result of a write through a provider for `overrides`, which is closed afterwards. */
  async function write(overrides: Partial<SftpStorageSettings>): Promise<unknown> {
    const provider = createStorageProvider(settings(server, overrides), any);
    try {
      await provider.put('key-login/probe.txt', Readable.from([Buffer.from('dram')]));
      return 'written';
    } catch (error) {
      return error;
    } finally {
      await provider.close();
    }
  }

  it('captures the fingerprint of the host key the server presents, as ssh-keygen -l shows it', async () => {
    expect(await captureSftpHostKey({ host: '127.0.0.1', port: server.port }, 'any')).toBe(
      hostKey.fingerprint,
    );
  });

  it('refuses a server whose host key is not the pinned one, naming both fingerprints', async () => {
    const pinned = generateSshKeyPair().fingerprint;
    const error = await write({ hostKeyFingerprint: pinned });
    expect(error).toBeInstanceOf(StorageHostKeyMismatchError);
    expect((error as Error).message).toContain(hostKey.fingerprint);
    expect((error as Error).message).toContain(pinned);
  });

  it('logs in with a private key, and with an encrypted one and its passphrase', async () => {
    expect(await write({ password: undefined, privateKey: clientKey.privateKey })).toBe('written');
    expect(
      await write({
        password: undefined,
        privateKey: encryptedKey.privateKey,
        passphrase: 'passphrase of the key',
      }),
    ).toBe('written');
  });

  it('maps an unknown key to StorageAuthError and a wrong passphrase to StorageConfigError', async () => {
    expect(await write({ password: undefined, privateKey: strangerKey.privateKey })).toBeInstanceOf(
      StorageAuthError,
    );
    const wrongPassphrase = await write({
      password: undefined,
      privateKey: encryptedKey.privateKey,
      passphrase: 'not the passphrase',
    });
    expect(wrongPassphrase).toBeInstanceOf(StorageConfigError);
    expect((wrongPassphrase as Error).message).not.toContain('not the passphrase');
  });
});
