import { EntityManager } from '@mikro-orm/postgresql';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AuditEvent } from '../../src/audit/audit-event.entity.js';
import { PasskeysService } from '../../src/users/passkeys/passkeys.service.js';
import { addMember, bearer, PASSWORD, registerUser, type SignedIn } from '../factories/users.js';
import { freePort } from '../setup/app-process.js';
import { captureLogs, createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Passkeys end to end: real WebAuthn ceremonies in Chromium with a CDP virtual authenticator (a
 * platform authenticator with user verification, holding discoverable credentials), answered by the
 * real API on PostgreSQL and Redis. The app listens on a fixed port so that PUBLIC_URL (which makes
 * the RP ID and the accepted origin) is the page's origin: http://localhost is a secure context, and
 * an IP address cannot be an RP ID. A second server on another port is the wrong origin.
 */

const PROBLEM = /^application\/problem\+json/;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Json = Record<string, unknown>;

/** The WebAuthn browser API as far as the page scripts use it (tests compile without DOM types). */
interface BrowserWebAuthn {
  PublicKeyCredential: {
    parseCreationOptionsFromJSON(options: Json): unknown;
    parseRequestOptionsFromJSON(options: Json): unknown;
  };
  navigator: {
    credentials: {
      create(options: { publicKey: unknown }): Promise<{ toJSON(): Json } | null>;
      get(options: { publicKey: unknown }): Promise<{ toJSON(): Json } | null>;
    };
  };
}

/** A browser tab with its own virtual authenticator: one device holding its own passkeys. */
interface Device {
  page: Page;
  /** Runs navigator.credentials.create() on `options` in the page; the credential as JSON. */
  create(options: Json): Promise<Json>;
  /** Runs navigator.credentials.get() on `options` in the page; the assertion as JSON. */
  get(options: Json): Promise<Json>;
  /** The signature counters of the credentials the authenticator holds. */
  signCounts(): Promise<number[]>;
}

describe('passkeys (WebAuthn, real Chromium with a virtual authenticator)', () => {
  let t: TestApp;
  let browser: Browser;
  let elsewhere: Server;
  /** PUBLIC_URL: the origin passkeys belong to. */
  let origin: string;
  /** Another origin on the same host name: a page there can use the RP ID, but not pass as us. */
  let foreignOrigin: string;
  let admin: SignedIn;
  let logs: string[];

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://localhost:${port}`;
    t = await createTestApp({ PUBLIC_URL: origin, LOG_LEVEL: 'debug' });
    logs = captureLogs(t);
    await t.app.listen({ port, host: '127.0.0.1' });
    elsewhere = createServer((_, res) => res.end('<!doctype html><title>Elsewhere</title>'));
    elsewhere.listen(0, '127.0.0.1');
    await new Promise((resolve) => elsewhere.once('listening', resolve));
    foreignOrigin = `http://localhost:${(elsewhere.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update'],
    });
    admin = await registerUser(t.app, { displayName: 'Ada' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    elsewhere?.close();
    await t?.close();
  });

  /** Opens a tab on `at` (our origin unless told) with a fresh virtual authenticator. */
  async function newDevice(at = origin): Promise<Device> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await page.goto(`${at}/health/live`);
    return {
      page,
      create: (options) =>
        page.evaluate(async (json) => {
          const web = globalThis as unknown as BrowserWebAuthn;
          const publicKey = web.PublicKeyCredential.parseCreationOptionsFromJSON(json);
          const credential = await web.navigator.credentials.create({ publicKey });
          if (!credential) throw new Error('no credential');
          return credential.toJSON();
        }, options),
      get: (options) =>
        page.evaluate(async (json) => {
          const web = globalThis as unknown as BrowserWebAuthn;
          const publicKey = web.PublicKeyCredential.parseRequestOptionsFromJSON(json);
          const credential = await web.navigator.credentials.get({ publicKey });
          if (!credential) throw new Error('no assertion');
          return credential.toJSON();
        }, options),
      async signCounts() {
        const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
        return credentials.map((credential) => credential.signCount);
      },
    };
  }

  const get = (url: string, token?: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: token ? bearer(token) : {} });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, token?: string) =>
    t.app.inject({ method, url: `/api/v1${url}`, payload, headers: token ? bearer(token) : {} });

  /** Registers a passkey of `device` for `account` through the API; the passkey as listed. */
  async function addPasskey(
    device: Device,
    account: SignedIn,
    body: { name: string; passwordless?: boolean },
  ): Promise<Json> {
    const options = await send('POST', '/auth/passkeys/registration/options', {}, account.accessToken);
    expect(options.statusCode).toBe(200);
    const response = await device.create(options.json());
    const created = await send(
      'POST',
      '/auth/passkeys/registration',
      { ...body, response },
      account.accessToken,
    );
    expect(created.statusCode).toBe(201);
    return created.json();
  }

  /** Runs a password-less sign-in ceremony on `device` without sending the answer. */
  async function signInAssertion(device: Device): Promise<{ requestId: string; response: Json }> {
    const started = await send('POST', '/auth/passkeys/login/options');
    expect(started.statusCode).toBe(200);
    const { requestId, options } = started.json<{ requestId: string; options: Json }>();
    return { requestId, response: await device.get(options) };
  }

  const auditOf = async (action: string) =>
    (await get(`/audit-events?action=${action}`, admin.accessToken)).json<{
      data: { actorId: string | null; targetId: string | null; details: Json | null }[];
    }>().data;

  describe('registration, listing and password-less sign-in', () => {
    let device: Device;
    let passkey: Json;

    beforeAll(async () => {
      device = await newDevice();
    });

    it('offers registration options for PUBLIC_URL, excluding no passkey yet', async () => {
      const res = await send('POST', '/auth/passkeys/registration/options', {}, admin.accessToken);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        rp: { id: 'localhost', name: 'Whiskey Tracker' },
        user: { name: admin.user.email, displayName: 'Ada' },
        excludeCredentials: [],
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
        attestation: 'none',
      });
    });

    it('registers a passkey made in the browser and lists it without its key', async () => {
      passkey = await addPasskey(device, admin, { name: 'Laptop', passwordless: true });
      expect(Object.keys(passkey).sort()).toEqual(
        ['backedUp', 'createdAt', 'id', 'lastUsedAt', 'name', 'passwordless'].sort(),
      );
      expect(passkey).toMatchObject({ name: 'Laptop', passwordless: true, lastUsedAt: null });
      const list = await get('/auth/passkeys', admin.accessToken);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual([passkey]);
      expect((await auditOf('auth.passkey_added'))[0]).toMatchObject({
        actorId: admin.user.id,
        targetId: passkey.id,
      });
    });

    it('excludes the registered passkey from the next registration, so the authenticator refuses it', async () => {
      const options = await send('POST', '/auth/passkeys/registration/options', {}, admin.accessToken);
      const { excludeCredentials } = options.json<{ excludeCredentials: { id: string }[] }>();
      expect(excludeCredentials).toHaveLength(1);
      await expect(device.create(options.json())).rejects.toThrow(/InvalidStateError|excluded|already/i);
    });

    it('refuses a registration answer sent twice (the challenge is spent)', async () => {
      const other = await newDevice();
      const options = await send('POST', '/auth/passkeys/registration/options', {}, admin.accessToken);
      const response = await other.create(options.json());
      const first = await send(
        'POST',
        '/auth/passkeys/registration',
        { name: 'Phone', response },
        admin.accessToken,
      );
      expect(first.statusCode).toBe(201);
      const again = await send(
        'POST',
        '/auth/passkeys/registration',
        { name: 'Phone again', response },
        admin.accessToken,
      );
      expect(again.statusCode).toBe(400);
      expect(again.headers['content-type']).toMatch(PROBLEM);
      const removed = await send(
        'DELETE',
        `/auth/passkeys/${first.json<Json>().id as string}`,
        undefined,
        admin.accessToken,
      );
      expect(removed.statusCode).toBe(204);
      await other.page.context().close();
    });

    it('signs in with the passkey alone, with tokens that work', async () => {
      const { requestId, response } = await signInAssertion(device);
      const res = await send('POST', '/auth/passkeys/login', { requestId, response });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ accessToken: string; refreshToken: string; user: { id: string } }>();
      expect(body.user.id).toBe(admin.user.id);
      const me = await get('/users/me', body.accessToken);
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ email: admin.user.email });
      const refreshed = await send('POST', '/auth/refresh', { refreshToken: body.refreshToken });
      expect(refreshed.statusCode).toBe(200);
      const [listed] = (await get('/auth/passkeys', admin.accessToken)).json<Json[]>();
      expect(listed.lastUsedAt).not.toBeNull();
      expect((await auditOf('auth.passkey_login'))[0]).toMatchObject({
        actorId: admin.user.id,
        details: { passkeyId: passkey.id },
      });
    });

    it('refuses the same answer sent again (the challenge is single-use)', async () => {
      const { requestId, response } = await signInAssertion(device);
      expect((await send('POST', '/auth/passkeys/login', { requestId, response })).statusCode).toBe(200);
      const replay = await send('POST', '/auth/passkeys/login', { requestId, response });
      expect(replay.statusCode).toBe(401);
      expect(replay.headers['content-type']).toMatch(PROBLEM);
      expect(replay.json<{ detail: string }>().detail).toMatch(/expired or was already used/);
    });

    it('refuses an answer whose signature counter went back (a cloned credential)', async () => {
      const older = await signInAssertion(device);
      const newer = await signInAssertion(device);
      const [count] = await device.signCounts();
      expect(count).toBeGreaterThan(1);
      expect((await send('POST', '/auth/passkeys/login', newer)).statusCode).toBe(200);
      // The older answer's challenge is unused and its signature right; only its counter is behind.
      const res = await send('POST', '/auth/passkeys/login', older);
      expect(res.statusCode).toBe(401);
      expect((await auditOf('auth.login_failed'))[0]).toMatchObject({
        details: { method: 'passkey', reason: 'counter_regression' },
      });
    });

    it('refuses an assertion made on another origin', async () => {
      // The same tab (and authenticator) goes to the other origin and runs the ceremony there: the
      // RP ID is the host name, so the browser signs, but it names the origin it ran on.
      const started = await send('POST', '/auth/passkeys/login/options');
      const { requestId, options } = started.json<{ requestId: string; options: Json }>();
      await device.page.goto(`${foreignOrigin}/`);
      const response = await device.get(options);
      await device.page.goto(`${origin}/health/live`);
      const clientData = JSON.parse(
        Buffer.from((response.response as { clientDataJSON: string }).clientDataJSON, 'base64url').toString(),
      ) as { origin: string };
      expect(clientData.origin).toBe(foreignOrigin);
      const res = await send('POST', '/auth/passkeys/login', { requestId, response });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect((await auditOf('auth.login_failed'))[0]).toMatchObject({
        details: { method: 'passkey', reason: 'invalid_assertion' },
      });
    });

    it('refuses a registration made on another origin', async () => {
      const options = await send('POST', '/auth/passkeys/registration/options', {}, admin.accessToken);
      const foreign = await newDevice(foreignOrigin);
      const response = await foreign.create(options.json());
      const res = await send(
        'POST',
        '/auth/passkeys/registration',
        { name: 'Phish', response },
        admin.accessToken,
      );
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json<{ detail: string }>().detail).toMatch(/origin/);
      expect((await get('/auth/passkeys', admin.accessToken)).json()).toHaveLength(1);
      await foreign.page.context().close();
    });
  });

  describe('managing passkeys', () => {
    let member: SignedIn;
    let device: Device;
    let passkeyId: string;

    beforeAll(async () => {
      member = await addMember(t.app, admin, 'user', 'mia');
      device = await newDevice();
      passkeyId = (await addPasskey(device, member, { name: 'Phone' })).id as string;
    });

    it("shows the household's admins that the member has a passkey", async () => {
      const shown = await get(`/users/${member.user.id}`, admin.accessToken);
      expect(shown.json()).toMatchObject({ id: member.user.id, twoFactor: ['passkey'] });
    });

    it('refuses password-less sign-in with a passkey its owner did not allow to', async () => {
      const res = await send('POST', '/auth/passkeys/login', await signInAssertion(device));
      expect(res.statusCode).toBe(401);
      expect(res.json<{ detail: string }>().detail).toMatch(/not allowed to sign in without the password/);
    });

    it('renames a passkey and lets it sign in alone once its owner opts in', async () => {
      const res = await send(
        'PATCH',
        `/auth/passkeys/${passkeyId}`,
        { name: 'Work phone', passwordless: true },
        member.accessToken,
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: passkeyId, name: 'Work phone', passwordless: true });
      const signedIn = await send('POST', '/auth/passkeys/login', await signInAssertion(device));
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json<SignedIn>().user.id).toBe(member.user.id);
    });

    it('answers bad input with 4xx problems, never 500', async () => {
      const cases = [
        await send('PATCH', `/auth/passkeys/${passkeyId}`, {}, member.accessToken),
        await send('PATCH', `/auth/passkeys/${passkeyId}`, { name: '  ' }, member.accessToken),
        await send('PATCH', '/auth/passkeys/not-a-uuid', { name: 'x' }, member.accessToken),
        await send('POST', '/auth/passkeys/registration', { name: 'x', response: {} }, member.accessToken),
        await send('POST', '/auth/passkeys/login', { requestId: 'x', response: { id: 'a+b' } }),
        await send('POST', '/auth/passkeys/login', { requestId: 'x', response: 'no' }),
        await send('POST', '/auth/passkeys/mfa/options', {}),
      ];
      for (const res of cases) {
        expect({ status: res.statusCode, type: res.headers['content-type'] }).toEqual({
          status: 400,
          type: expect.stringMatching(PROBLEM),
        });
      }
      const { response } = await signInAssertion(device);
      const unknownRequest = await send('POST', '/auth/passkeys/login', { requestId: 'unknown', response });
      expect(unknownRequest.statusCode).toBe(401);
      const tampered = await signInAssertion(device);
      const assertion = tampered.response.response as Json;
      const forged = await send('POST', '/auth/passkeys/login', {
        requestId: tampered.requestId,
        response: { ...tampered.response, response: { ...assertion, signature: 'AAAA' } },
      });
      expect(forged.statusCode).toBe(401);
    });

    it("answers 404 for someone else's passkey, and 401 without a session", async () => {
      const [adminPasskey] = (await get('/auth/passkeys', admin.accessToken)).json<Json[]>();
      const rename = await send(
        'PATCH',
        `/auth/passkeys/${adminPasskey.id as string}`,
        { name: 'x' },
        member.accessToken,
      );
      expect(rename.statusCode).toBe(404);
      const remove = await send(
        'DELETE',
        `/auth/passkeys/${adminPasskey.id as string}`,
        undefined,
        member.accessToken,
      );
      expect(remove.statusCode).toBe(404);
      expect((await get('/auth/passkeys')).statusCode).toBe(401);
      expect((await send('POST', '/auth/passkeys/registration/options')).statusCode).toBe(401);
    });

    it('is managed from a session only, not with an API token', async () => {
      const created = await send(
        'POST',
        '/auth/api-tokens',
        { name: 'script', scope: 'write' },
        member.accessToken,
      );
      const { token } = created.json<{ token: string }>();
      expect((await get('/auth/passkeys', token)).statusCode).toBe(200);
      const res = await send('POST', '/auth/passkeys/registration/options', {}, token);
      expect(res.statusCode).toBe(403);
      expect((await send('DELETE', `/auth/passkeys/${passkeyId}`, undefined, token)).statusCode).toBe(403);
    });

    it('refuses a disabled account', async () => {
      const disable = await send(
        'PATCH',
        `/users/${member.user.id}`,
        { version: member.user.version, disabled: true },
        admin.accessToken,
      );
      expect(disable.statusCode).toBe(200);
      const res = await send('POST', '/auth/passkeys/login', await signInAssertion(device));
      expect(res.statusCode).toBe(401);
      expect((await auditOf('auth.login_failed'))[0]).toMatchObject({
        actorId: member.user.id,
        details: { method: 'passkey', reason: 'disabled', passkeyId },
      });
      const enable = await send(
        'PATCH',
        `/users/${member.user.id}`,
        { version: disable.json<{ version: number }>().version, disabled: false },
        admin.accessToken,
      );
      expect(enable.statusCode).toBe(200);
      // Disabling ended the member's sessions; enabled again, the passkey signs them in again.
      const back = await send('POST', '/auth/passkeys/login', await signInAssertion(device));
      expect(back.statusCode).toBe(200);
      member = back.json<SignedIn>();
    });

    it('revokes a passkey: it cannot sign in any more', async () => {
      const removed = await send('DELETE', `/auth/passkeys/${passkeyId}`, undefined, member.accessToken);
      expect(removed.statusCode).toBe(204);
      expect((await get('/auth/passkeys', member.accessToken)).json()).toEqual([]);
      expect((await get(`/users/${member.user.id}`, admin.accessToken)).json()).toMatchObject({
        twoFactor: [],
      });
      const res = await send('POST', '/auth/passkeys/login', await signInAssertion(device));
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      // A credential nobody owns has no household: the entry is outside every admin's view.
      const [refusal] = await t.app
        .get(EntityManager)
        .fork()
        .find(
          AuditEvent,
          { action: 'auth.login_failed' },
          { filters: false, orderBy: { id: 'DESC' }, limit: 1 },
        );
      expect(refusal).toMatchObject({
        householdId: null,
        details: { method: 'passkey', reason: 'unknown_passkey' },
      });
      expect((await auditOf('auth.passkey_removed'))[0]).toMatchObject({
        actorId: member.user.id,
        targetId: passkeyId,
      });
    });
  });

  describe('as the second factor of a password sign-in', () => {
    let member: SignedIn;
    let device: Device;
    let challenge: string;

    beforeAll(async () => {
      member = await addMember(t.app, admin, 'user', 'sam');
      device = await newDevice();
      const setup = await send('POST', '/auth/mfa/totp/setup', { password: PASSWORD }, member.accessToken);
      const { secret } = setup.json<{ secret: string }>();
      const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
      const confirmed = await send('POST', '/auth/mfa/totp/confirm', { code }, member.accessToken);
      expect(confirmed.statusCode).toBe(200);
      const signIn = await send('POST', '/auth/login', { email: member.user.email, password: PASSWORD });
      expect(signIn.json()).toMatchObject({ mfaRequired: true });
      challenge = signIn.json<{ challenge: string }>().challenge;
    });

    it('answers 404 while the account has no passkey, and 401 for an unknown challenge', async () => {
      const none = await send('POST', '/auth/passkeys/mfa/options', { challenge });
      expect(none.statusCode).toBe(404);
      expect(none.headers['content-type']).toMatch(PROBLEM);
      const unknown = await send('POST', '/auth/passkeys/mfa/options', { challenge: 'x'.repeat(43) });
      expect(unknown.statusCode).toBe(401);
    });

    it("offers the account's passkeys for the challenge, and accepts one assertion of them once", async () => {
      await addPasskey(device, member, { name: 'Key' });
      const started = await send('POST', '/auth/passkeys/mfa/options', { challenge });
      expect(started.statusCode).toBe(200);
      const { requestId, options } = started.json<{ requestId: string; options: Json }>();
      expect(options).toMatchObject({ rpId: 'localhost', userVerification: 'discouraged' });
      expect(options.allowCredentials).toHaveLength(1);
      const response = (await device.get(options)) as unknown as AuthenticationResponseJSON;
      const passkeys = t.app.get(PasskeysService);
      // Another account cannot use this request, and it is spent by trying.
      expect(await passkeys.verifySecondFactor(admin.user.id, requestId, response)).toEqual({
        ok: false,
        method: 'passkey',
        reason: 'unknown_request',
      });
      const again = await send('POST', '/auth/passkeys/mfa/options', { challenge });
      const second = again.json<{ requestId: string; options: Json }>();
      const answer = (await device.get(second.options)) as unknown as AuthenticationResponseJSON;
      expect(await passkeys.verifySecondFactor(member.user.id, second.requestId, answer)).toMatchObject({
        ok: true,
        method: 'passkey',
      });
      expect(await passkeys.verifySecondFactor(member.user.id, second.requestId, answer)).toEqual({
        ok: false,
        method: 'passkey',
        reason: 'unknown_request',
      });
    });

    it('completes a password sign-in with a passkey at POST /auth/mfa, once', async () => {
      const signIn = await send('POST', '/auth/login', { email: member.user.email, password: PASSWORD });
      expect(signIn.json()).toMatchObject({
        mfaRequired: true,
        methods: ['passkey', 'totp', 'recovery_code'],
      });
      const fresh = signIn.json<{ challenge: string }>().challenge;
      const started = await send('POST', '/auth/passkeys/mfa/options', { challenge: fresh });
      const { requestId, options } = started.json<{ requestId: string; options: Json }>();
      const passkey = { requestId, response: await device.get(options) };
      const res = await send('POST', '/auth/mfa', { challenge: fresh, passkey });
      expect(res.statusCode).toBe(200);
      expect((await get('/users/me', res.json<{ accessToken: string }>().accessToken)).statusCode).toBe(200);
      expect((await send('POST', '/auth/mfa', { challenge: fresh, passkey })).statusCode).toBe(401);
    });

    it('asks for a passkey at sign-in when it is the only second factor', async () => {
      const only = await addMember(t.app, admin, 'user', 'pat');
      await addPasskey(await newDevice(), only, { name: 'Only key' });
      const signIn = await send('POST', '/auth/login', { email: only.user.email, password: PASSWORD });
      expect(signIn.json()).toMatchObject({ mfaRequired: true, methods: ['passkey'] });
    });
  });

  describe('the log, after all of the above', () => {
    it('holds the possible clone as a warning, and no server error', () => {
      const entries = logs.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(entries.filter((entry) => entry.level >= 50)).toEqual([]);
      expect(entries).toContainEqual(
        expect.objectContaining({ level: 40, msg: expect.stringMatching(/may have been cloned/) }),
      );
    });
  });
});
