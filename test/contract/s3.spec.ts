import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorageProvider } from '../../src/storage/storage-provider.factory.js';
import type { S3StorageSettings } from '../../src/storage/storage-settings.js';
import { describeStorageContract } from './storage-provider.contract.js';
import { S3_BUCKET, S3_CREDENTIALS, startS3rver, type TestServer } from './support/servers.js';

function settings(server: TestServer, overrides: Partial<S3StorageSettings> = {}): S3StorageSettings {
  return {
    type: 's3',
    endpoint: `http://127.0.0.1:${server.port}`,
    region: 'us-east-1',
    bucket: S3_BUCKET,
    prefix: 'whiskey-tracker/',
    forcePathStyle: true,
    ...S3_CREDENTIALS,
    ...overrides,
  };
}

describeStorageContract('s3', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'whiskey-s3rver-'));
  const server = await startS3rver(directory);
  const any = { targets: 'any' } as const;
  const provider = createStorageProvider(settings(server), any);
  const wrongSecret = 'wrong-secret-key-0123456789';
  return {
    provider,
    wrongCredentials: {
      open: () =>
        createStorageProvider(
          settings(server, { accessKeyId: 'NOT-S3RVER', secretAccessKey: wrongSecret }),
          any,
        ),
      secret: wrongSecret,
    },
    missingContainer: {
      open: () => createStorageProvider(settings(server, { bucket: 'no-such-bucket' }), any),
    },
    full: {
      skip:
        's3rver crashes on ENOSPC (unhandled error of its write stream) instead of answering; ' +
        'the mapping of full-disk answers (XMinioStorageFull, QuotaExceeded, HTTP 507) is unit-tested',
    },
    serverReplacesInPlace: 's3rver writes the object file in place while it receives the final PUT',
    loopbackByName: () =>
      createStorageProvider(settings(server, { endpoint: `http://localhost:${server.port}` }), {
        targets: 'lan',
      }),
    close: async () => {
      await provider.close();
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
