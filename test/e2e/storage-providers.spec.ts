import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import {
  startRcloneServe,
  startS3rver,
  S3_BUCKET,
  S3_CREDENTIALS,
  type TestServer,
} from '../contract/support/servers.js';
import { generateSshKeyPair } from '../contract/support/ssh-keys.js';
import { multipartBody } from '../factories/uploads.js';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { captureLogs, createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Storage provider configurations end to end, against real servers: s3rver, `rclone serve webdav`
 * and `rclone serve sftp`, and a local folder. Every answer and every log line is kept and scanned
 * for the secrets sent at the end.
 */

const PROBLEM = /^application\/problem\+json/;
const PLACEHOLDER = '••••';

const WEBDAV_USER = 'ada';
const WEBDAV_PASSWORD = 'webdav-password-7f3a9c1e';
const WRONG_WEBDAV_PASSWORD = 'wrong-webdav-password-4d2b8a60';
const SFTP_USER = 'grace';
const SFTP_PASSWORD = 'sftp-password-2b8d4e6f';
const WRONG_S3_SECRET = 'wrong-s3-secret-5c9e1a7b';
const hostKey = generateSshKeyPair();
const otherHostKey = generateSshKeyPair();
const clientKey = generateSshKeyPair('client-key-passphrase-91c3');
const CLIENT_KEY_PASSPHRASE = 'client-key-passphrase-91c3';

interface ProviderBody {
  id: string;
  name: string;
  type: string;
  settings: Record<string, unknown>;
  lastTest: TestBody | null;
  version: number;
}

interface TestBody {
  ok: boolean;
  steps: { step: string; status: string; latencyMs: number; errorType?: string; error?: string }[];
  hostKeyFingerprint?: string;
}

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
  json<T>(): T;
}

/** A storage server started for this file, with the folders to remove afterwards. */
interface Started {
  server: TestServer;
  home: string;
}

async function rcloneServer(
  protocol: 'webdav' | 'sftp',
  options: Parameters<typeof startRcloneServe>[3],
): Promise<Started> {
  const home = await mkdtemp(join(tmpdir(), `whiskey-e2e-${protocol}-`));
  await mkdir(join(home, 'data'));
  return { server: await startRcloneServe(protocol, join(home, 'data'), home, options), home };
}

describe('storage providers', () => {
  let t: TestApp;
  let s3: Started;
  let webdav: Started;
  let sftp: Started;
  let localRoot: string;
  let admin: SignedIn;
  let member: SignedIn;
  let otherAdmin: SignedIn;
  let logs: string[];
  const recorded: { label: string; text: string }[] = [];

  /** Calls the API as `who` (anonymous when null) and records the whole answer. */
  async function call(
    who: SignedIn | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ): Promise<Answer> {
    const res = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who ? bearer(who.accessToken) : {},
      ...(payload ? { payload } : {}),
    });
    recorded.push({
      label: `${method} ${url}`,
      text: `${res.statusCode}\n${JSON.stringify(res.headers)}\n${res.body}`,
    });
    return { status: res.statusCode, headers: res.headers, body: res.body, json: <T>() => res.json<T>() };
  }

  async function create(name: string, settings: object): Promise<ProviderBody> {
    const res = await call(admin, 'POST', '/storage/providers', { name, settings });
    if (res.status !== 201) throw new Error(`creating ${name}: ${res.status} ${res.body}`);
    return res.json<ProviderBody>();
  }

  async function test(id: string): Promise<TestBody> {
    const res = await call(admin, 'POST', `/storage/providers/${id}/test`);
    if (res.status !== 200) throw new Error(`testing ${id}: ${res.status} ${res.body}`);
    return res.json<TestBody>();
  }

  const s3Settings = (overrides: object = {}) => ({
    type: 's3',
    endpoint: `http://127.0.0.1:${s3.server.port}`,
    region: 'us-east-1',
    bucket: S3_BUCKET,
    forcePathStyle: true,
    accessKeyId: S3_CREDENTIALS.accessKeyId,
    secretAccessKey: S3_CREDENTIALS.secretAccessKey,
    ...overrides,
  });
  const webdavSettings = (overrides: object = {}) => ({
    type: 'webdav',
    url: `http://127.0.0.1:${webdav.server.port}/`,
    username: WEBDAV_USER,
    password: WEBDAV_PASSWORD,
    ...overrides,
  });
  const sftpSettings = (overrides: object = {}) => ({
    type: 'sftp',
    host: '127.0.0.1',
    port: sftp.server.port,
    username: SFTP_USER,
    password: SFTP_PASSWORD,
    root: '/',
    ...overrides,
  });
  let rcloneConfig: string;
  let obscuredPassword: string;

  beforeAll(async () => {
    const s3Directory = await mkdtemp(join(tmpdir(), 'whiskey-e2e-s3-'));
    s3 = { server: await startS3rver(s3Directory), home: s3Directory };
    webdav = await rcloneServer('webdav', { user: WEBDAV_USER, pass: WEBDAV_PASSWORD });
    sftp = await rcloneServer('sftp', {
      user: SFTP_USER,
      pass: SFTP_PASSWORD,
      hostKey: hostKey.privateKey,
      authorizedKeys: clientKey.publicKey,
    });
    obscuredPassword = execFileSync('rclone', ['obscure', WEBDAV_PASSWORD], { encoding: 'utf8' }).trim();
    rcloneConfig = `[dav]\ntype = webdav\nurl = http://127.0.0.1:${webdav.server.port}/\nvendor = other\nuser = ${WEBDAV_USER}\npass = ${obscuredPassword}\n`;

    t = await createTestApp({ STORAGE_TARGETS: 'any', LOG_LEVEL: 'trace' });
    logs = captureLogs(t);
    localRoot = join(t.config.dataDir, 'elsewhere');
    await mkdir(localRoot);
    admin = await registerUser(t.app, { displayName: 'Ada' });
    member = await addMember(t.app, admin, 'user');
    await openRegistration(t.app, admin);
    otherAdmin = await registerUser(t.app, { displayName: 'Admin of another household' });
  }, 60_000);

  afterAll(async () => {
    if (t) await t.close();
    for (const started of [s3, webdav, sftp]) {
      if (!started) continue;
      await started.server.stop();
      await rm(started.home, { recursive: true, force: true });
    }
  });

  describe('access', () => {
    const NO_ID = '00000000-0000-4000-8000-000000000000';
    const routes: {
      name: string;
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
      url: string;
      body?: object;
    }[] = [
      { name: 'list', method: 'GET', url: '/storage/providers' },
      {
        name: 'create',
        method: 'POST',
        url: '/storage/providers',
        body: { name: 'x', settings: { type: 'local', root: '/tmp' } },
      },
      {
        name: 'test unsaved',
        method: 'POST',
        url: '/storage/providers/test',
        body: { settings: { type: 'local', root: '/tmp' } },
      },
      { name: 'get', method: 'GET', url: `/storage/providers/${NO_ID}` },
      { name: 'update', method: 'PATCH', url: `/storage/providers/${NO_ID}`, body: { version: 1 } },
      { name: 'delete', method: 'DELETE', url: `/storage/providers/${NO_ID}` },
      { name: 'test', method: 'POST', url: `/storage/providers/${NO_ID}/test` },
      { name: 'photo storage', method: 'GET', url: '/storage/photos' },
      {
        name: 'choose photo storage',
        method: 'PUT',
        url: '/storage/photos',
        body: { providerId: null, version: 0 },
      },
    ];

    it.each(routes)(
      '$name: 401 anonymous, 403 for a member and for the admin of another household',
      async ({ method, url, body }) => {
        const statuses = [];
        for (const who of [null, member, otherAdmin]) {
          const res = await call(who, method, url, body);
          expect(res.headers['content-type']).toMatch(PROBLEM);
          statuses.push(res.status);
        }
        expect(statuses).toEqual([401, 403, 403]);
      },
    );
  });

  describe('validation', () => {
    const cases: [string, object, string][] = [
      ['settings missing', { name: 'x' }, 'settings'],
      ['an unknown type', { name: 'x', settings: { type: 'ftp', host: 'h' } }, 'settings.type'],
      [
        'a field unknown to the type',
        { name: 'x', settings: { type: 'local', root: '/tmp', bucket: 'b' } },
        'settings.bucket',
      ],
      [
        'an unknown top-level field',
        { name: 'x', settings: { type: 'local', root: '/tmp' }, colour: 'amber' },
        'colour',
      ],
      ['an empty name', { name: ' ', settings: { type: 'local', root: '/tmp' } }, 'name'],
      ['local without root', { name: 'x', settings: { type: 'local' } }, 'settings.root'],
      [
        's3 without bucket',
        { name: 'x', settings: { type: 's3', region: 'r', accessKeyId: 'a', secretAccessKey: 's3cret' } },
        'settings.bucket',
      ],
      [
        's3 with forcePathStyle as a string',
        {
          name: 'x',
          settings: {
            type: 's3',
            region: 'r',
            bucket: 'b',
            accessKeyId: 'a',
            secretAccessKey: 's',
            forcePathStyle: 'yes',
          },
        },
        'settings.forcePathStyle',
      ],
      [
        's3 without secret',
        { name: 'x', settings: { type: 's3', region: 'r', bucket: 'b', accessKeyId: 'a' } },
        'settings.secretAccessKey',
      ],
      [
        's3 with a non-URL endpoint',
        {
          name: 'x',
          settings: {
            type: 's3',
            endpoint: 'minio',
            region: 'r',
            bucket: 'b',
            accessKeyId: 'a',
            secretAccessKey: 's',
          },
        },
        'settings.endpoint',
      ],
      [
        'webdav with a non-URL',
        { name: 'x', settings: { type: 'webdav', url: 'not a url' } },
        'settings.url',
      ],
      [
        'sftp with a port as text',
        { name: 'x', settings: { type: 'sftp', host: 'h', port: '22', username: 'u', password: 'p' } },
        'settings.port',
      ],
      [
        'sftp without host',
        { name: 'x', settings: { type: 'sftp', username: 'u', password: 'p' } },
        'settings.host',
      ],
      [
        'sftp without password or key',
        { name: 'x', settings: { type: 'sftp', host: 'h', username: 'u' } },
        'settings.password',
      ],
      [
        'sftp with a malformed fingerprint',
        {
          name: 'x',
          settings: { type: 'sftp', host: 'h', username: 'u', password: 'p', hostKeyFingerprint: 'MD5:aa' },
        },
        'settings.hostKeyFingerprint',
      ],
      [
        'rclone without config',
        { name: 'x', settings: { type: 'rclone', remote: 'dav:' } },
        'settings.config',
      ],
      [
        'rclone with a remote without name',
        { name: 'x', settings: { type: 'rclone', remote: 'nocolon', config: '[a]\ntype = drive' } },
        'settings.remote',
      ],
    ];

    it.each(cases)('refuses %s with a 400 problem naming the field', async (_, body, field) => {
      const res = await call(admin, 'POST', '/storage/providers', body);
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
        status: 400,
        type: expect.stringMatching(PROBLEM),
      });
      expect(res.json<{ errors: { field: string }[] }>().errors.map((error) => error.field)).toContain(field);
    });

    it('refuses null for a name or settings when changing a provider', async () => {
      const created = await create('Null checks', { type: 'local', root: localRoot });
      for (const body of [{ name: null }, { settings: null }]) {
        const res = await call(admin, 'PATCH', `/storage/providers/${created.id}`, { version: 1, ...body });
        expect(res.status).toBe(400);
      }
      expect((await call(admin, 'DELETE', `/storage/providers/${created.id}`)).status).toBe(204);
    });

    it('reads an optional plain setting sent as null as not set', async () => {
      const res = await call(admin, 'POST', '/storage/providers/test', {
        settings: sftpSettings({ root: null }),
      });
      expect(res.status).toBe(200);
      expect(res.json<TestBody>().ok).toBe(true);
    });

    it('refuses a relative local folder with 422', async () => {
      const res = await call(admin, 'POST', '/storage/providers', {
        name: 'relative',
        settings: { type: 'local', root: 'storage' },
      });
      expect(res.status).toBe(422);
    });
  });

  describe('configurations', () => {
    it('creates one of each type, showing secrets as placeholders only', async () => {
      const local = await create('Local folder', { type: 'local', root: localRoot });
      expect(local.settings).toEqual({ type: 'local', root: localRoot });
      const bucket = await create('Bucket', s3Settings());
      expect(bucket.settings).toMatchObject({ accessKeyId: 'S3RVER', secretAccessKey: PLACEHOLDER });
      const dav = await create('NAS', webdavSettings());
      expect(dav.settings).toMatchObject({ username: WEBDAV_USER, password: PLACEHOLDER });
      const box = await create('SFTP box', sftpSettings());
      expect(box.settings).toMatchObject({ password: PLACEHOLDER, privateKey: null, passphrase: null });
      expect(box.settings).not.toHaveProperty('hostKeyFingerprint');
      const keyed = await create('SFTP with key', {
        ...sftpSettings({ password: undefined }),
        privateKey: clientKey.privateKey,
        passphrase: CLIENT_KEY_PASSPHRASE,
        hostKeyFingerprint: hostKey.fingerprint,
      });
      expect(keyed.settings).toMatchObject({
        password: null,
        privateKey: PLACEHOLDER,
        passphrase: PLACEHOLDER,
      });
      const drive = await create('Rclone remote', { type: 'rclone', remote: 'dav:', config: rcloneConfig });
      expect(drive.settings).toEqual({ type: 'rclone', remote: 'dav:', config: PLACEHOLDER });
      for (const provider of [local, bucket, dav, box, keyed, drive]) {
        expect({ version: provider.version, lastTest: provider.lastTest }).toEqual({
          version: 1,
          lastTest: null,
        });
      }
    });

    it('lists them with the list convention, filtered by type and name', async () => {
      const all = (await call(admin, 'GET', '/storage/providers')).json<{
        data: ProviderBody[];
        total: number;
      }>();
      expect(all.total).toBe(6);
      expect(all.data.map((provider) => provider.name)).toEqual([
        'Bucket',
        'Local folder',
        'NAS',
        'Rclone remote',
        'SFTP box',
        'SFTP with key',
      ]);
      const sftps = (await call(admin, 'GET', '/storage/providers?type=sftp')).json<{ total: number }>();
      expect(sftps.total).toBe(2);
      const named = (await call(admin, 'GET', '/storage/providers?q=nas')).json<{ data: ProviderBody[] }>();
      expect(named.data.map((provider) => provider.name)).toEqual(['NAS']);
    });

    it('refuses a taken name and a stale version with 409', async () => {
      expect(
        (await call(admin, 'POST', '/storage/providers', { name: 'NAS', settings: webdavSettings() })).status,
      ).toBe(409);
      const dav = await byName('NAS');
      const stale = await call(admin, 'PATCH', `/storage/providers/${dav.id}`, {
        version: dav.version + 1,
        name: 'x',
      });
      expect(stale.status).toBe(409);
      const taken = await call(admin, 'PATCH', `/storage/providers/${dav.id}`, {
        version: dav.version,
        name: 'Bucket',
      });
      expect(taken.status).toBe(409);
    });

    it('answers 404 for a provider that does not exist and 400 for an id that is not one', async () => {
      expect(
        (await call(admin, 'GET', '/storage/providers/00000000-0000-4000-8000-000000000000')).status,
      ).toBe(404);
      expect((await call(admin, 'GET', '/storage/providers/nope')).status).toBe(400);
    });
  });

  async function byName(name: string): Promise<ProviderBody> {
    const page = (await call(admin, 'GET', `/storage/providers?q=${encodeURIComponent(name)}`)).json<{
      data: ProviderBody[];
    }>();
    const found = page.data.find((provider) => provider.name === name);
    if (!found) throw new Error(`no provider named ${name}`);
    return found;
  }

  describe('connection tests against real servers', () => {
    it.each(['Local folder', 'Bucket', 'NAS', 'Rclone remote', 'SFTP with key'])(
      '%s: writes, reads, lists and deletes a probe, and keeps the result without a new version',
      async (name) => {
        const provider = await byName(name);
        const result = await test(provider.id);
        expect(result.steps.map((step) => [step.step, step.status])).toEqual([
          ['write', 'ok'],
          ['read', 'ok'],
          ['list', 'ok'],
          ['delete', 'ok'],
        ]);
        expect(result.ok).toBe(true);
        for (const step of result.steps) expect(step.latencyMs).toBeGreaterThanOrEqual(0);
        const after = await byName(name);
        expect(after.version).toBe(provider.version);
        expect(after.lastTest).toMatchObject({ ok: true, steps: result.steps });
      },
    );

    it('keeps a secret an update leaves out (or sends back as the placeholder): the test still passes', async () => {
      const bucket = await byName('Bucket');
      const renamed = await call(admin, 'PATCH', `/storage/providers/${bucket.id}`, {
        version: bucket.version,
        name: 'Bucket (photos)',
        settings: { ...s3Settings({ prefix: 'whiskey/' }), secretAccessKey: undefined },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.json<ProviderBody>()).toMatchObject({
        name: 'Bucket (photos)',
        version: bucket.version + 1,
        lastTest: null,
        settings: { prefix: 'whiskey/', secretAccessKey: PLACEHOLDER },
      });
      expect((await test(bucket.id)).ok).toBe(true);

      const dav = await byName('NAS');
      const echoed = await call(admin, 'PATCH', `/storage/providers/${dav.id}`, {
        version: dav.version,
        settings: dav.settings,
      });
      expect(echoed.json<ProviderBody>().settings.password).toBe(PLACEHOLDER);
      expect((await test(dav.id)).ok).toBe(true);
    });

    it('reports a wrong password as ok: false with the provider’s message, then clears a secret on null', async () => {
      const dav = await byName('NAS');
      const wrong = await call(admin, 'PATCH', `/storage/providers/${dav.id}`, {
        version: dav.version,
        settings: webdavSettings({ password: WRONG_WEBDAV_PASSWORD }),
      });
      expect(wrong.status).toBe(200);
      const result = await test(dav.id);
      expect(result.ok).toBe(false);
      expect(result.steps[0]).toMatchObject({
        step: 'write',
        status: 'failed',
        errorType: 'StorageAuthError',
        error: expect.stringMatching(/401|unauthori[sz]ed/i),
      });
      expect(result.steps.slice(1).map((step) => step.status)).toEqual(['skipped', 'skipped', 'skipped']);
      expect((await byName('NAS')).lastTest).toMatchObject({ ok: false });

      const current = await byName('NAS');
      const cleared = await call(admin, 'PATCH', `/storage/providers/${dav.id}`, {
        version: current.version,
        settings: webdavSettings({ password: null }),
      });
      expect(cleared.json<ProviderBody>().settings).toMatchObject({ username: WEBDAV_USER, password: null });
    });

    it('refuses wrong S3 credentials with ok: false, tested before saving', async () => {
      const res = await call(admin, 'POST', '/storage/providers/test', {
        settings: s3Settings({ accessKeyId: 'NOT-S3RVER', secretAccessKey: WRONG_S3_SECRET }),
      });
      expect(res.status).toBe(200);
      expect(res.json<TestBody>()).toMatchObject({
        ok: false,
        steps: [{ step: 'write', status: 'failed', errorType: 'StorageAuthError' }, {}, {}, {}],
      });
    });

    it('tests unsaved settings, capturing an SFTP host key without storing anything', async () => {
      const res = await call(admin, 'POST', '/storage/providers/test', { settings: sftpSettings() });
      expect(res.status).toBe(200);
      expect(res.json<TestBody>()).toMatchObject({ ok: true, hostKeyFingerprint: hostKey.fingerprint });
      expect((await call(admin, 'GET', '/storage/providers')).json<{ total: number }>().total).toBe(6);
    });

    it('pins an SFTP host key on the first passing test, and refuses another key afterwards', async () => {
      const box = await byName('SFTP box');
      const first = await test(box.id);
      expect(first).toMatchObject({ ok: true, hostKeyFingerprint: hostKey.fingerprint });
      const pinned = await byName('SFTP box');
      expect(pinned.settings.hostKeyFingerprint).toBe(hostKey.fingerprint);
      expect(pinned.version).toBe(box.version + 1);
      expect((await test(box.id)).hostKeyFingerprint).toBeUndefined();

      // The same settings, but the server now answers with another host key (a reinstall, or a man in the middle).
      const impostor = await rcloneServer('sftp', {
        user: SFTP_USER,
        pass: SFTP_PASSWORD,
        hostKey: otherHostKey.privateKey,
      });
      try {
        const moved = await call(admin, 'PATCH', `/storage/providers/${box.id}`, {
          version: pinned.version,
          settings: { ...pinned.settings, port: impostor.server.port },
        });
        expect(moved.status).toBe(200);
        const refused = await test(box.id);
        expect(refused.ok).toBe(false);
        expect(refused.steps[0]).toMatchObject({
          status: 'failed',
          errorType: 'StorageHostKeyMismatchError',
          error: expect.stringContaining(otherHostKey.fingerprint),
        });
        expect((await byName('SFTP box')).settings.hostKeyFingerprint).toBe(hostKey.fingerprint);
      } finally {
        await impostor.server.stop();
        await rm(impostor.home, { recursive: true, force: true });
      }
    });
  });

  describe('photo storage', () => {
    it('starts on the local default, refuses unknown providers and stale versions', async () => {
      const current = await call(admin, 'GET', '/storage/photos');
      expect(current.json()).toEqual({ providerId: null, version: 0 });
      const unknown = await call(admin, 'PUT', '/storage/photos', {
        providerId: '00000000-0000-4000-8000-000000000000',
        version: 0,
      });
      expect(unknown.status).toBe(422);
      const notAnId = await call(admin, 'PUT', '/storage/photos', { providerId: 'bucket', version: 0 });
      expect(notAnId.status).toBe(400);
    });

    it('stores uploaded photos and their thumbnails in the chosen S3 bucket, and keeps that provider from deletion', async () => {
      const bucket = await byName('Bucket (photos)');
      const chosen = await call(admin, 'PUT', '/storage/photos', { providerId: bucket.id, version: 0 });
      expect(chosen.json()).toEqual({ providerId: bucket.id, version: 1 });
      expect((await call(admin, 'PUT', '/storage/photos', { providerId: null, version: 0 })).status).toBe(
        409,
      );
      expect((await call(admin, 'DELETE', `/storage/providers/${bucket.id}`)).status).toBe(409);

      const whisky = await call(admin, 'POST', '/whiskies', {
        name: 'Ardbeg 10',
        style: 'single_malt',
        abv: 46,
      });
      const image = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#c08040' } })
        .jpeg()
        .toBuffer();
      const { payload, contentType } = await multipartBody(image, { fileName: 'ardbeg.jpg' });
      const uploaded = await t.app.inject({
        method: 'POST',
        url: `/api/v1/whiskies/${whisky.json<{ id: string }>().id}/photos`,
        headers: { ...bearer(admin.accessToken), 'content-type': contentType },
        payload,
      });
      expect(uploaded.statusCode).toBe(202);
      const photo = uploaded.json<{ id: string; urls: { original: string; thumb256: string } }>();
      let state = 'processing';
      for (let attempt = 0; attempt < 100 && state === 'processing'; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const res = await t.app.inject({
          method: 'GET',
          url: photo.urls.original.replace(/\/original$/, ''),
          headers: bearer(admin.accessToken),
        });
        state = res.json<{ state: string }>().state;
      }
      expect(state).toBe('ready');

      // s3rver keeps each object as a folder of files under <bucket>/<key>.
      const stored = await readdir(join(s3.home, S3_BUCKET), { recursive: true });
      const files = stored.filter((path) =>
        /\/(original\.jpeg|thumb-256\.webp|thumb-768\.webp)\._S3rver_object$/.test(path),
      );
      expect(files.map((path) => path.replace(/^.*\//, '').replace(/\._S3rver_object$/, '')).sort()).toEqual([
        'original.jpeg',
        'thumb-256.webp',
        'thumb-768.webp',
      ]);
      expect(files.every((path) => path.startsWith('whiskey/photos/'))).toBe(true);
      const served = await t.app.inject({
        method: 'GET',
        url: photo.urls.thumb256,
        headers: bearer(admin.accessToken),
      });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');

      const back = await call(admin, 'PUT', '/storage/photos', { providerId: null, version: 1 });
      expect(back.json()).toEqual({ providerId: null, version: 2 });
    });

    it('deletes a provider no longer in use', async () => {
      const local = await byName('Local folder');
      expect((await call(admin, 'DELETE', `/storage/providers/${local.id}`)).status).toBe(204);
      expect((await call(admin, 'GET', `/storage/providers/${local.id}`)).status).toBe(404);
    });
  });

  describe('audit trail', () => {
    it('records creations, changes, deletions, tests and the photo storage choice, without secrets', async () => {
      const events = (await call(admin, 'GET', '/audit-events?perPage=100')).json<{
        data: { action: string; details: Record<string, unknown> | null }[];
      }>().data;
      const actions = new Set(events.map((event) => event.action));
      for (const action of [
        'storage.provider_created',
        'storage.provider_updated',
        'storage.provider_deleted',
        'storage.provider_tested',
        'storage.photos_changed',
      ]) {
        expect(actions).toContain(action);
      }
      const pinned = events.find(
        (event) => event.action === 'storage.provider_tested' && event.details?.hostKeyPinned,
      );
      expect(pinned).toBeDefined();
    });
  });

  describe('secrets', () => {
    const secrets = () => [
      WEBDAV_PASSWORD,
      WRONG_WEBDAV_PASSWORD,
      SFTP_PASSWORD,
      WRONG_S3_SECRET,
      CLIENT_KEY_PASSPHRASE,
      obscuredPassword,
      rcloneConfig,
      // Any line of the private key's body is a leak.
      ...clientKey.privateKey.split('\n').filter((line) => line.length >= 40),
    ];

    it('never appear in any answer', () => {
      expect(recorded.length).toBeGreaterThan(80);
      const leaks = secrets().flatMap((secret) =>
        recorded
          .filter((answer) => answer.text.includes(secret))
          .map((answer) => `${secret.slice(0, 12)}… in ${answer.label}`),
      );
      expect(leaks).toEqual([]);
    });

    it('never appear in the log', () => {
      expect(logs.length).toBeGreaterThan(50);
      const leaks = secrets().filter((secret) => logs.some((line) => line.includes(secret)));
      expect(leaks.map((secret) => `${secret.slice(0, 12)}…`)).toEqual([]);
    });

    it('are stored encrypted', async () => {
      const client = new pg.Client({ connectionString: t.database.url });
      await client.connect();
      try {
        const rows = (
          await client.query<{ row: string }>(
            'select row_to_json(c)::text as row from storage_provider_config c',
          )
        ).rows;
        expect(rows.length).toBeGreaterThan(0);
        const text = rows.map((row) => row.row).join('\n');
        expect(secrets().filter((secret) => text.includes(secret))).toEqual([]);
        expect(text).not.toContain('"S3RVER"}');
        expect(text).toMatch(/"secretAccessKey": ?"v1\./);
      } finally {
        await client.end();
      }
    });
  });
});

describe.each(['public', 'lan', 'any'])('storage targets with STORAGE_TARGETS=%s', (mode) => {
  let t: TestApp;
  let admin: SignedIn;
  let dav: Started;

  beforeAll(async () => {
    dav = await rcloneServer('webdav', { user: WEBDAV_USER, pass: WEBDAV_PASSWORD });
    t = await createTestApp({ STORAGE_TARGETS: mode });
    admin = await registerUser(t.app);
  });
  afterAll(async () => {
    if (t) await t.close();
    if (dav) {
      await dav.server.stop();
      await rm(dav.home, { recursive: true, force: true });
    }
  });

  async function testSettings(settings: object) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/storage/providers/test',
      headers: bearer(admin.accessToken),
      payload: { settings },
    });
    expect(res.statusCode).toBe(200);
    return res.json<TestBody>();
  }

  it('refuses the cloud metadata address', async () => {
    const result = await testSettings({ type: 'webdav', url: 'http://169.254.169.254/latest/' });
    expect(result.ok).toBe(false);
    expect(result.steps[0]).toMatchObject({
      errorType: 'StorageTargetRefusedError',
      error: expect.stringMatching(/169\.254\.169\.254.*refused whatever STORAGE_TARGETS says/),
    });
  });

  it(mode === 'any' ? 'reaches a server on this machine' : 'refuses a server on this machine', async () => {
    const result = await testSettings({
      type: 'webdav',
      url: `http://127.0.0.1:${dav.server.port}/`,
      username: WEBDAV_USER,
      password: WEBDAV_PASSWORD,
    });
    if (mode === 'any') {
      expect(result.ok).toBe(true);
    } else {
      expect(result.ok).toBe(false);
      expect(result.steps[0]).toMatchObject({
        errorType: 'StorageTargetRefusedError',
        error: expect.stringContaining(`refused by STORAGE_TARGETS=${mode}`),
      });
    }
  });

  it(
    mode === 'any' ? 'allows a local folder anywhere' : 'refuses a local folder outside DATA_DIR',
    async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/storage/providers',
        headers: bearer(admin.accessToken),
        payload: { name: 'tmp', settings: { type: 'local', root: tmpdir() } },
      });
      expect(res.statusCode).toBe(mode === 'any' ? 201 : 422);
      if (mode !== 'any')
        expect(res.json<{ detail: string }>().detail).toMatch(/only allowed with STORAGE_TARGETS=any/);
    },
  );
});
