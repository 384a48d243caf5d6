import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config/load-config.js';
import { createHttpApp } from '../../src/http-app.js';
import { StorageProviderConfig } from '../../src/storage/configs/storage-provider-config.entity.js';
import { StorageProviderConfigsService } from '../../src/storage/configs/storage-provider-configs.service.js';
import { rekeyStorageSecrets, StorageRekeyError } from '../../src/storage/configs/storage-secrets-rekey.js';
import { StorageSecretsUnreadableError } from '../../src/storage/storage.errors.js';
import { bearer, PASSWORD, registerUser, type SignedIn } from '../factories/users.js';
import { createTestDatabase, type TestDatabase } from '../setup/databases.js';
import { flushTestRedis, testEnvironment } from '../setup/test-app.js';
import { Secret, TOTP } from 'otpauth';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OLD_KEY = randomBytes(32);
const NEW_KEY = randomBytes(32);

/** The secrets as entered, by provider name: what must come out again after the re-encryption. */
const PROVIDERS = {
  'NAS (WebDAV)': {
    type: 'webdav',
    url: 'https://nas.example.org/dav/whiskey',
    username: 'ada',
    password: 'webdav password',
  },
  'Bucket (S3)': {
    type: 's3',
    region: 'eu-west-1',
    bucket: 'whiskey',
    accessKeyId: 'AKIAEXAMPLE',
    secretAccessKey: 's3 secret access key',
  },
} as const;
const SECRETS: Record<string, Record<string, string>> = {
  'NAS (WebDAV)': { password: 'webdav password' },
  'Bucket (S3)': { secretAccessKey: 's3 secret access key' },
};

/** The AGE-SECRET-KEY-… line of a downloaded identity file. */
function secretKeyOf(identityFile: string): string | undefined {
  return identityFile.split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-'));
}

interface Instance {
  app: NestFastifyApplication;
  providers: StorageProviderConfigsService;
  em: EntityManager;
}

describe('storage:rekey', () => {
  let database: TestDatabase;
  let dataDir: string;
  let keyFile: string;
  let admin: SignedIn;
  let identityBefore: string;
  let totpSecret: string;

  /** The code an authenticator app holding the admin's TOTP secret shows `steps` steps (30 s) from now. */
  const totpCode = (steps = 0) =>
    new TOTP({ secret: Secret.fromBase32(totpSecret), period: 30, digits: 6, algorithm: 'SHA1' }).generate({
      timestamp: Date.now() + steps * 30_000,
    });
  const open: NestFastifyApplication[] = [];

  /** An instance of the application on the test database, with DATA_DIR's key or `env`'s. */
  async function boot(env: Record<string, string> = {}): Promise<Instance> {
    const config = loadConfig(
      testEnvironment({ DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env }),
    );
    const app = await createHttpApp(config);
    open.push(app);
    return {
      app,
      providers: app.get(StorageProviderConfigsService, { strict: false }),
      em: app.get(EntityManager).fork(),
    };
  }

  async function downloadIdentity(app: NestFastifyApplication): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/backups/identity/download',
      headers: bearer(admin.accessToken),
      payload: { password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    return res.body;
  }

  async function sealedRows(): Promise<Record<string, unknown>> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const providers = await client.query<{ name: string; secrets: unknown }>(
        'select name, secrets from storage_provider_config order by name',
      );
      const identity = await client.query<{ value: unknown }>(
        `select value from instance_setting where key = 'backups.identity'`,
      );
      return { providers: providers.rows, identity: identity.rows[0]?.value };
    } finally {
      await client.end();
    }
  }

  function runRekey(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', '@swc-node/register/esm-register', 'scripts/storage-rekey.ts', ...args],
        {
          cwd: ROOT,
          // The application's environment, as an operator runs the command beside it.
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            ...testEnvironment({ DATABASE_URL: database.url, DATA_DIR: dataDir }),
          },
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout: String(stdout),
            stderr: String(stderr),
          }),
      );
    });
  }

  async function closeAll(): Promise<void> {
    await Promise.all(open.splice(0).map((app) => app.close()));
  }

  beforeAll(async () => {
    await flushTestRedis();
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'whiskey-rekey-'));
    // The instance runs with a key generated into DATA_DIR, as `npm start` and Docker do by default.
    writeFileSync(join(dataDir, 'storage-secret-key'), `${OLD_KEY.toString('base64')}\n`, { mode: 0o600 });
    keyFile = join(dataDir, 'new-key');
    writeFileSync(keyFile, NEW_KEY.toString('hex'));

    const { app } = await boot();
    admin = await registerUser(app, { displayName: 'Ada' });
    for (const [name, settings] of Object.entries(PROVIDERS)) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/storage/providers',
        headers: bearer(admin.accessToken),
        payload: { name, settings },
      });
      expect(res.statusCode).toBe(201);
    }
    identityBefore = await downloadIdentity(app);
    expect(secretKeyOf(identityBefore)).toMatch(/^AGE-SECRET-KEY-1/);
    // Two-factor sign-in: its TOTP secret is sealed with the same key.
    const setup = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp/setup',
      headers: bearer(admin.accessToken),
      payload: { password: PASSWORD },
    });
    totpSecret = setup.json<{ secret: string }>().secret;
    const confirmed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp/confirm',
      headers: bearer(admin.accessToken),
      payload: { code: totpCode() },
    });
    expect(confirmed.statusCode).toBe(200);
    await closeAll();
  }, 60_000);

  afterEach(closeAll);
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to run without a new key file (usage error, exit 2)', async () => {
    const result = await runRekey([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--new-key-file <path> is required');
    expect(result.stderr).toContain('usage: npm run storage:rekey -- --new-key-file <path>');
  }, 30_000);

  it('with a wrong current key, names the value it cannot open and changes nothing', async () => {
    const before = await sealedRows();
    const { em } = await boot();
    const failure = rekeyStorageSecrets(em, randomBytes(32), NEW_KEY);
    await expect(failure).rejects.toThrow(StorageRekeyError);
    await expect(failure).rejects.toThrow(
      'The secretAccessKey of storage provider "Bucket (S3)" does not open with the current key',
    );
    expect(await sealedRows()).toEqual(before);
  });

  it('is all or nothing: one altered secret leaves every other value as it was', async () => {
    const { em } = await boot();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // "NAS (WebDAV)" sorts after "Bucket (S3)": the bucket's secret is re-sealed before the failure.
    const { rows } = await client.query<{ secrets: { password: string } }>(
      `select secrets from storage_provider_config where name = 'NAS (WebDAV)'`,
    );
    const original = rows[0].secrets.password;
    const altered = `${original.slice(0, -2)}${original.endsWith('AA') ? 'BB' : 'AA'}`;
    await client.query(
      `update storage_provider_config set secrets = jsonb_set(secrets, '{password}', to_jsonb($1::text)) where name = 'NAS (WebDAV)'`,
      [altered],
    );
    const before = await sealedRows();
    try {
      await expect(rekeyStorageSecrets(em, OLD_KEY, NEW_KEY)).rejects.toThrow(
        'The password of storage provider "NAS (WebDAV)" does not open with the current key',
      );
      expect(await sealedRows()).toEqual(before);
    } finally {
      await client.query(
        `update storage_provider_config set secrets = jsonb_set(secrets, '{password}', to_jsonb($1::text)) where name = 'NAS (WebDAV)'`,
        [original],
      );
      await client.end();
    }
  });

  it('re-encrypts every secret and the backup identity; the app then reads them with the new key only', async () => {
    const before = await sealedRows();
    const result = await runRekey(['--new-key-file', keyFile]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('re-encrypted 1 secret(s) of storage provider "NAS (WebDAV)"');
    expect(result.stdout).toContain('re-encrypted 1 secret(s) of storage provider "Bucket (S3)"');
    expect(result.stdout).toContain('re-encrypted the backup identity');
    expect(result.stdout).toContain('re-encrypted the two-factor secrets of 1 user(s)');

    // DATA_DIR's key file holds the new key, and the old one is kept until the operator removes it.
    const keyPath = join(dataDir, 'storage-secret-key');
    expect(Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64')).toEqual(NEW_KEY);
    expect(Buffer.from(readFileSync(`${keyPath}.old`, 'utf8').trim(), 'base64')).toEqual(OLD_KEY);

    const after = await sealedRows();
    const sealedValues = (rows: Record<string, unknown>) => JSON.stringify(rows);
    for (const secret of ['webdav password', 's3 secret access key']) {
      expect(sealedValues(after)).not.toContain(secret);
    }
    expect(after.providers).toHaveLength(2);
    for (const [i, row] of (after.providers as { secrets: Record<string, string> }[]).entries()) {
      const previous = (before.providers as { secrets: Record<string, string> }[])[i];
      for (const field of Object.keys(previous.secrets))
        expect(row.secrets[field]).not.toBe(previous.secrets[field]);
    }

    // An instance started with the new key (from DATA_DIR) opens everything, as before the rotation.
    const renewed = await boot();
    const configs = await renewed.em.find(StorageProviderConfig, {});
    for (const config of configs) {
      expect(renewed.providers.providerSettings(config)).toMatchObject(SECRETS[config.name]);
    }
    expect(secretKeyOf(await downloadIdentity(renewed.app))).toBe(secretKeyOf(identityBefore));
    // Two-factor sign-in still works: the TOTP secret opens with the new key (a code of the next
    // step, since the current one was used to confirm).
    const login = await renewed.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: admin.user.email, password: PASSWORD },
    });
    const { challenge } = login.json<{ challenge: string }>();
    const secondStep = await renewed.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa',
      payload: { challenge, code: totpCode(1) },
    });
    expect(secondStep.statusCode).toBe(200);
    expect(secondStep.json<{ accessToken?: string }>().accessToken).toBeTruthy();

    // One still holding the old key cannot.
    // Silent: its refusal below is expected, not an error worth a log line.
    const stale = await boot({ STORAGE_SECRET_KEY: OLD_KEY.toString('hex'), LOG_LEVEL: 'silent' });
    expect(() => stale.providers.providerSettings(configs[0])).toThrow(StorageSecretsUnreadableError);
    const refused = await stale.app.inject({
      method: 'POST',
      url: '/api/v1/backups/identity/download',
      headers: bearer(admin.accessToken),
      payload: { password: PASSWORD },
    });
    expect(refused.statusCode).toBe(503);
  }, 60_000);
});
