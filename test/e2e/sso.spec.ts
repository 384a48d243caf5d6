import { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { Passkey } from '../../src/users/passkeys/passkey.entity.js';
import { bearer, login, PASSWORD, registerUser, uniqueEmail, type SignedIn } from '../factories/users.js';
import { freePort } from '../setup/app-process.js';
import { startOidcProvider, TEST_ACCOUNT_COOKIE, type TestOidcProvider } from '../setup/oidc-provider.js';
import { captureLogs, createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Single sign-on against a real OpenID provider (oidc-provider on a random port): the browser's
 * round trip is walked with real HTTP requests, a cookie jar and redirects followed by hand, from
 * the app's start route through the provider's login to the app's callback and the console's code
 * exchange. Two providers take part: one an admin adds through the API (auto-provisioning on, groups
 * mapped to roles) and the read-only one of the OIDC_* environment variables (no auto-provisioning).
 */

const ADMIN_SLUG = 'test-idp';
const ENV_SLUG = 'oidc';
const CLIENT_SECRET = `admin-client-secret-${randomBytes(12).toString('hex')}`;
const ENV_CLIENT_SECRET = `env-client-secret-${randomBytes(12).toString('hex')}`;
const POST_CLIENT_SECRET = `post-client-secret-${randomBytes(12).toString('hex')}`;

interface Recorded {
  label: string;
  text: string;
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/**
 * A browser as far as these flows need one: cookies per host (as browsers keep them, whatever the
 * port), sent by path; redirects followed one by one so that each hop can be looked at.
 */
class Browser {
  private readonly jar = new Map<string, StoredCookie[]>();

  constructor(private readonly recorded: Recorded[]) {}

  setCookie(url: string, name: string, value: string): void {
    this.store(new URL(url), `${name}=${value}; Path=/`);
  }

  hasCookie(url: string, name: string): boolean {
    return (this.jar.get(new URL(url).hostname) ?? []).some((cookie) => cookie.name === name);
  }

  /** GETs `url` and follows redirects until `stop` says so or a page answers; returns the last URL. */
  async navigate(url: string, stop: (next: URL) => boolean = () => false): Promise<URL> {
    let current = new URL(url);
    for (let hop = 0; hop < 20; hop += 1) {
      const response = await fetch(current, { redirect: 'manual', headers: this.headersFor(current) });
      const body = await response.text();
      this.recorded.push({
        label: `GET ${current.pathname}`,
        text: `${response.status}\n${JSON.stringify([...response.headers])}\n${body}`,
      });
      for (const setCookie of response.headers.getSetCookie()) this.store(current, setCookie);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        throw new Error(`${current.href} answered ${response.status} instead of a redirect: ${body}`);
      }
      current = new URL(location, current);
      if (stop(current) || current.pathname.startsWith('/admin/')) return current;
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  private headersFor(url: URL): Record<string, string> {
    const cookies = (this.jar.get(url.hostname) ?? []).filter((cookie) =>
      url.pathname.startsWith(cookie.path),
    );
    return cookies.length
      ? { cookie: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') }
      : {};
  }

  private store(url: URL, header: string): void {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const attribute = (key: string) =>
      attributes.find((part) => part.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attribute('path') ?? '/';
    const maxAge = attribute('max-age');
    const expires = attribute('expires');
    const expired =
      (maxAge !== undefined && Number(maxAge) <= 0) ||
      (expires !== undefined && new Date(expires).getTime() <= Date.now());
    const cookies = (this.jar.get(url.hostname) ?? []).filter(
      (cookie) => cookie.name !== name || cookie.path !== path,
    );
    if (!expired) cookies.push({ name, value, path });
    this.jar.set(url.hostname, cookies);
  }
}

describe('Single sign-on (OpenID Connect)', () => {
  let idp: TestOidcProvider;
  let t: TestApp;
  let baseUrl: string;
  let admin: SignedIn;
  let logs: string[];
  const recorded: Recorded[] = [];

  /** Calls the API in-process and records the whole answer. */
  async function api<T = unknown>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: { token?: string; payload?: object } = {},
  ): Promise<{ status: number; body: T; contentType: string | undefined }> {
    const res = await t.app.inject({
      method,
      url,
      headers: options.token ? bearer(options.token) : {},
      ...(options.payload ? { payload: options.payload } : {}),
    });
    recorded.push({
      label: `${method} ${url}`,
      text: `${res.statusCode}\n${JSON.stringify(res.headers)}\n${res.body}`,
    });
    return {
      status: res.statusCode,
      body: (res.body ? res.json() : undefined) as T,
      contentType: res.headers['content-type'],
    };
  }

  /** A new browser signed in at the provider as `account` (no session there yet). */
  function browserAs(account: string): Browser {
    const browser = new Browser(recorded);
    browser.setCookie(idp.issuer, TEST_ACCOUNT_COOKIE, account);
    return browser;
  }

  /** Walks the whole sign-in through `slug` and returns where the app sent the browser at the end. */
  function ssoSignIn(browser: Browser, slug: string): Promise<URL> {
    return browser.navigate(`${baseUrl}/api/v1/auth/sso/${slug}/start`);
  }

  /** The console's part: the one-time code of `/admin/sso-complete?code=…` exchanged for tokens. */
  async function exchange(landing: URL): Promise<SignedIn> {
    expect(landing.pathname).toBe('/admin/sso-complete');
    const res = await api<SignedIn>('POST', '/api/v1/auth/sso/exchange', {
      payload: { code: landing.searchParams.get('code') },
    });
    expect(res.status).toBe(200);
    return res.body;
  }

  const ssoError = (landing: URL) => ({
    path: landing.pathname,
    error: landing.searchParams.get('ssoError'),
  });

  async function auditEvents(
    action: string,
  ): Promise<{ actorId: string | null; details: Record<string, unknown> }[]> {
    const res = await api<{ data: { actorId: string | null; details: Record<string, unknown> }[] }>(
      'GET',
      `/api/v1/audit-events?action=${action}&perPage=100`,
      { token: admin.accessToken },
    );
    expect(res.status).toBe(200);
    return res.body.data;
  }

  async function me(token: string) {
    return api<{ id: string; email: string; role: string; emailVerified: boolean }>(
      'GET',
      '/api/v1/users/me',
      {
        token,
      },
    );
  }

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider({
      clients: [
        {
          clientId: 'whiskey-admin-made',
          clientSecret: CLIENT_SECRET,
          redirectUris: [`${baseUrl}/api/v1/auth/sso/${ADMIN_SLUG}/callback`],
        },
        {
          clientId: 'whiskey-env',
          clientSecret: ENV_CLIENT_SECRET,
          redirectUris: [`${baseUrl}/api/v1/auth/sso/${ENV_SLUG}/callback`],
        },
      ],
    });
    t = await createTestApp({
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'trace',
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: 'whiskey-env',
      OIDC_CLIENT_SECRET: ENV_CLIENT_SECRET,
      OIDC_BUTTON_LABEL: 'Sign in with the environment IdP',
    });
    logs = captureLogs(t);
    await t.app.listen({ port, host: '127.0.0.1' });
    admin = await registerUser(t.app, { email: uniqueEmail('admin') });
    const created = await api<{ slug: string; clientSecretSet: boolean }>(
      'POST',
      '/api/v1/auth/sso/providers',
      {
        token: admin.accessToken,
        payload: {
          slug: ADMIN_SLUG,
          name: 'Test IdP',
          buttonLabel: 'Sign in with Test IdP',
          issuerUrl: idp.issuer,
          clientId: 'whiskey-admin-made',
          clientSecret: CLIENT_SECRET,
          scopes: 'openid email profile groups',
          autoProvision: true,
          groupRoleMap: { 'whisky-admins': 'admin', 'whisky-friends': 'read_only' },
        },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.clientSecretSet).toBe(true);
  });

  afterAll(async () => {
    if (t) await t.close();
    if (idp) await idp.close();
  });

  describe('providers', () => {
    it('offers one login button per enabled provider to anyone', async () => {
      const res = await api<{ slug: string; buttonLabel: string; startUrl: string }[]>(
        'GET',
        '/api/v1/auth/sso/providers/public',
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        {
          slug: ENV_SLUG,
          buttonLabel: 'Sign in with the environment IdP',
          startUrl: '/api/v1/auth/sso/oidc/start',
        },
        {
          slug: ADMIN_SLUG,
          buttonLabel: 'Sign in with Test IdP',
          startUrl: '/api/v1/auth/sso/test-idp/start',
        },
      ]);
    });

    it('lists the environment provider as read-only beside the stored one, with the callback URL to register', async () => {
      const res = await api<{
        data: { slug: string; source: string; clientSecretSet: boolean; callbackUrl: string }[];
        total: number;
      }>('GET', '/api/v1/auth/sso/providers?sort=name', { token: admin.accessToken });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(2);
      expect(
        res.body.data.map(({ slug, source, clientSecretSet, callbackUrl }) => ({
          slug,
          source,
          clientSecretSet,
          callbackUrl,
        })),
      ).toEqual([
        {
          slug: ENV_SLUG,
          source: 'environment',
          clientSecretSet: true,
          callbackUrl: `${baseUrl}/api/v1/auth/sso/oidc/callback`,
        },
        {
          slug: ADMIN_SLUG,
          source: 'admin',
          clientSecretSet: true,
          callbackUrl: `${baseUrl}/api/v1/auth/sso/test-idp/callback`,
        },
      ]);
      const patch = await api('PATCH', `/api/v1/auth/sso/providers/${ENV_SLUG}`, {
        token: admin.accessToken,
        payload: { version: 1, buttonLabel: 'Changed' },
      });
      expect(patch.status).toBe(409);
      expect(
        (await api('DELETE', `/api/v1/auth/sso/providers/${ENV_SLUG}`, { token: admin.accessToken })).status,
      ).toBe(409);
    });

    it('refuses bad providers with 4xx problems: taken or reserved slug, plain-http remote issuer, undiscoverable issuer', async () => {
      const base = {
        name: 'Other',
        buttonLabel: 'Other',
        issuerUrl: idp.issuer,
        clientId: 'other',
      };
      const attempts = {
        taken: { ...base, slug: ADMIN_SLUG },
        reserved: { ...base, slug: 'providers' },
        badSlug: { ...base, slug: 'Not A Slug' },
        noOpenidScope: { ...base, slug: 'scopeless', scopes: 'email profile' },
        badGroupMap: { ...base, slug: 'mapless', groupRoleMap: { admins: 'owner' } },
        remoteHttp: { ...base, slug: 'remote', issuerUrl: 'http://idp.example.org' },
        undiscoverable: { ...base, slug: 'nowhere', issuerUrl: `${idp.issuer}/nothing-here` },
        unknownHousehold: { ...base, slug: 'homeless', householdId: '00000000-0000-4000-8000-000000000000' },
      };
      const outcomes: Record<string, [number, boolean]> = {};
      for (const [label, payload] of Object.entries(attempts)) {
        const res = await api('POST', '/api/v1/auth/sso/providers', { token: admin.accessToken, payload });
        outcomes[label] = [res.status, /^application\/problem\+json/.test(res.contentType ?? '')];
      }
      expect(outcomes).toEqual({
        taken: [409, true],
        reserved: [400, true],
        badSlug: [400, true],
        noOpenidScope: [400, true],
        badGroupMap: [400, true],
        remoteHttp: [422, true],
        undiscoverable: [422, true],
        unknownHousehold: [422, true],
      });
    });

    it('changes, disables and deletes a provider; a secret left out is kept and null removes it', async () => {
      const created = await api<{ version: number; clientSecretSet: boolean }>(
        'POST',
        '/api/v1/auth/sso/providers',
        {
          token: admin.accessToken,
          payload: {
            slug: 'spare',
            name: 'Spare',
            buttonLabel: 'Spare',
            issuerUrl: idp.issuer,
            clientId: 'spare',
            clientSecret: CLIENT_SECRET,
          },
        },
      );
      expect(created.status).toBe(201);
      const renamed = await api<{ version: number; name: string; clientSecretSet: boolean }>(
        'PATCH',
        '/api/v1/auth/sso/providers/spare',
        { token: admin.accessToken, payload: { version: created.body.version, name: 'Spare IdP' } },
      );
      expect(renamed.body).toEqual(expect.objectContaining({ name: 'Spare IdP', clientSecretSet: true }));
      const stale = await api('PATCH', '/api/v1/auth/sso/providers/spare', {
        token: admin.accessToken,
        payload: { version: created.body.version, enabled: false },
      });
      expect(stale.status).toBe(409);
      const disabled = await api<{ version: number; enabled: boolean; clientSecretSet: boolean }>(
        'PATCH',
        '/api/v1/auth/sso/providers/spare',
        {
          token: admin.accessToken,
          payload: { version: renamed.body.version, enabled: false, clientSecret: null },
        },
      );
      expect(disabled.body).toEqual(expect.objectContaining({ enabled: false, clientSecretSet: false }));
      const buttons = await api<{ slug: string }[]>('GET', '/api/v1/auth/sso/providers/public');
      expect(buttons.body.map((button) => button.slug)).not.toContain('spare');
      const landing = await new Browser(recorded).navigate(`${baseUrl}/api/v1/auth/sso/spare/start`);
      expect(ssoError(landing)).toEqual({ path: '/admin/login', error: 'unknown_provider' });

      expect(
        (await api('DELETE', '/api/v1/auth/sso/providers/spare', { token: admin.accessToken })).status,
      ).toBe(204);
      expect(
        (await api('GET', '/api/v1/auth/sso/providers/spare', { token: admin.accessToken })).status,
      ).toBe(404);
      const audit = await auditEvents('auth.sso_provider_updated');
      expect(audit.map((event) => event.details.changed)).toEqual(
        expect.arrayContaining([['name'], ['enabled', 'clientSecret']]),
      );
    });

    it('lets only instance admins manage providers', async () => {
      const invite = await api<{ token: string }>('POST', '/api/v1/invites', {
        token: admin.accessToken,
        payload: { role: 'user' },
      });
      const member = await registerUser(t.app, {
        email: uniqueEmail('nonadmin'),
        inviteToken: invite.body.token,
      });
      expect((await api('GET', '/api/v1/auth/sso/providers', { token: member.accessToken })).status).toBe(
        403,
      );
      expect(
        (await api('GET', `/api/v1/auth/sso/providers/${ADMIN_SLUG}`, { token: member.accessToken })).status,
      ).toBe(403);
    });
  });

  describe('signing in', () => {
    it('links an existing account by its verified email, and the tokens work', async () => {
      const local = await registerUserInvited('linked');
      idp.setAccount('linked-sub', { email: local.user.email, email_verified: true, name: 'Linked' });
      const tokens = await exchange(await ssoSignIn(browserAs('linked-sub'), ADMIN_SLUG));
      expect(tokens).toEqual(expect.objectContaining({ tokenType: 'Bearer', mfaEnrolmentRequired: false }));
      const profile = await me(tokens.accessToken);
      expect(profile.status).toBe(200);
      expect(profile.body.id).toBe(local.user.id);
      expect(tokens.refreshToken).toEqual(expect.any(String));
      const refreshed = await api('POST', '/api/v1/auth/refresh', {
        payload: { refreshToken: tokens.refreshToken },
      });
      expect(refreshed.status).toBe(200);

      const links = await auditEvents('auth.sso_linked');
      expect(
        links.some((event) => event.actorId === local.user.id && event.details.provider === ADMIN_SLUG),
      ).toBe(true);
      const identities = await api<{ provider: string; issuer: string; email: string }[]>(
        'GET',
        '/api/v1/auth/sso/identities',
        {
          token: tokens.accessToken,
        },
      );
      expect(identities.body).toEqual([
        expect.objectContaining({ provider: ADMIN_SLUG, issuer: idp.issuer, email: local.user.email }),
      ]);
    });

    it('sends the client secret in the body to a provider that takes only client_secret_post', async () => {
      const slug = 'post-idp';
      const postIdp = await startOidcProvider({
        clients: [
          {
            clientId: 'whiskey-post',
            clientSecret: POST_CLIENT_SECRET,
            redirectUris: [`${baseUrl}/api/v1/auth/sso/${slug}/callback`],
          },
        ],
        clientAuthMethods: ['client_secret_post'],
      });
      try {
        const created = await api('POST', '/api/v1/auth/sso/providers', {
          token: admin.accessToken,
          payload: {
            slug,
            name: 'Post IdP',
            buttonLabel: 'Sign in with Post IdP',
            issuerUrl: postIdp.issuer,
            clientId: 'whiskey-post',
            clientSecret: POST_CLIENT_SECRET,
          },
        });
        expect(created.status).toBe(201);
        const local = await registerUserInvited('posting');
        postIdp.setAccount('post-sub', { email: local.user.email, email_verified: true });
        const browser = new Browser(recorded);
        browser.setCookie(postIdp.issuer, TEST_ACCOUNT_COOKIE, 'post-sub');
        const tokens = await exchange(await ssoSignIn(browser, slug));
        expect((await me(tokens.accessToken)).body.id).toBe(local.user.id);
      } finally {
        await api('DELETE', `/api/v1/auth/sso/providers/${slug}`, { token: admin.accessToken });
        await postIdp.close();
      }
    });

    it('recognises a linked person by their subject even after their email changes at the provider', async () => {
      const local = await registerUserInvited('moving');
      idp.setAccount('moving-sub', { email: local.user.email, email_verified: true });
      await exchange(await ssoSignIn(browserAs('moving-sub'), ADMIN_SLUG));
      idp.setAccount('moving-sub', { email: uniqueEmail('elsewhere'), email_verified: false });
      const again = await exchange(await ssoSignIn(browserAs('moving-sub'), ADMIN_SLUG));
      expect((await me(again.accessToken)).body.id).toBe(local.user.id);
    });

    it('refuses to link by an email the provider has not verified', async () => {
      const local = await registerUserInvited('unverified');
      idp.setAccount('unverified-sub', { email: local.user.email, email_verified: false });
      const landing = await ssoSignIn(browserAs('unverified-sub'), ADMIN_SLUG);
      expect(ssoError(landing)).toEqual({ path: '/admin/login', error: 'email_unverified' });
      const failures = await auditEvents('auth.sso_failed');
      expect(
        failures.some(
          (event) => event.actorId === local.user.id && event.details.reason === 'email_unverified',
        ),
      ).toBe(true);
      // Nothing was linked: the account still has no identity.
      const signedIn = await login(t.app, local.user.email);
      expect(
        (await api<unknown[]>('GET', '/api/v1/auth/sso/identities', { token: signedIn.accessToken })).body,
      ).toEqual([]);
    });

    it('refuses people without an account where auto-provisioning is off', async () => {
      idp.setAccount('stranger-sub', { email: uniqueEmail('stranger'), email_verified: true });
      const landing = await ssoSignIn(browserAs('stranger-sub'), ENV_SLUG);
      expect(ssoError(landing)).toEqual({ path: '/admin/login', error: 'no_account' });
    });

    it('signs in through the environment provider too', async () => {
      const local = await registerUserInvited('env');
      idp.setAccount('env-sub', { email: local.user.email, email_verified: true });
      const tokens = await exchange(await ssoSignIn(browserAs('env-sub'), ENV_SLUG));
      expect((await me(tokens.accessToken)).body.id).toBe(local.user.id);
    });

    it('auto-provisions a verified newcomer, with the role their groups map to, updated at each sign-in', async () => {
      const email = uniqueEmail('newcomer');
      idp.setAccount('newcomer-sub', {
        email,
        email_verified: true,
        name: 'New Comer',
        groups: ['staff', 'whisky-admins'],
      });
      const first = await exchange(await ssoSignIn(browserAs('newcomer-sub'), ADMIN_SLUG));
      const profile = (await me(first.accessToken)).body;
      expect(profile).toEqual(expect.objectContaining({ email, role: 'admin', emailVerified: true }));

      idp.setAccount('newcomer-sub', { email, email_verified: true, groups: ['whisky-friends'] });
      const second = await exchange(await ssoSignIn(browserAs('newcomer-sub'), ADMIN_SLUG));
      expect((await me(second.accessToken)).body.role).toBe('read_only');

      idp.setAccount('newcomer-sub', { email, email_verified: true, groups: ['staff'] });
      const third = await exchange(await ssoSignIn(browserAs('newcomer-sub'), ADMIN_SLUG));
      // With the groups claim present and no group mapped, the provider's default role applies.
      expect((await me(third.accessToken)).body.role).toBe('user');

      const registered = await auditEvents('user.registered');
      expect(registered.some((event) => event.actorId === profile.id && event.details.via === 'sso')).toBe(
        true,
      );
      const changes = await auditEvents('user.role_changed');
      expect(
        changes
          .filter((event) => event.actorId === profile.id)
          .map((event) => [event.details.from, event.details.to]),
      ).toEqual(
        expect.arrayContaining([
          ['admin', 'read_only'],
          ['read_only', 'user'],
        ]),
      );
    });

    it('does not let a disabled local user back in through single sign-on', async () => {
      const local = await registerUserInvited('disabled');
      idp.setAccount('disabled-sub', { email: local.user.email, email_verified: true });
      // A code obtained before the account is disabled dies with it.
      const pending = await ssoSignIn(browserAs('disabled-sub'), ADMIN_SLUG);
      const disable = await api('PATCH', `/api/v1/users/${local.user.id}`, {
        token: admin.accessToken,
        payload: { version: local.user.version, disabled: true },
      });
      expect(disable.status).toBe(200);
      const late = await api('POST', '/api/v1/auth/sso/exchange', {
        payload: { code: pending.searchParams.get('code') },
      });
      expect(late.status).toBe(401);

      const landing = await ssoSignIn(browserAs('disabled-sub'), ADMIN_SLUG);
      expect(ssoError(landing)).toEqual({ path: '/admin/login', error: 'account_disabled' });
      const failures = await auditEvents('auth.sso_failed');
      expect(
        failures.some(
          (event) => event.actorId === local.user.id && event.details.reason === 'account_disabled',
        ),
      ).toBe(true);
    });
  });

  describe('callback checks', () => {
    /** Walks to the provider's redirect back to the app, without following it. */
    async function callbackUrl(browser: Browser): Promise<URL> {
      return browser.navigate(`${baseUrl}/api/v1/auth/sso/${ADMIN_SLUG}/start`, (next) =>
        next.pathname.endsWith('/callback'),
      );
    }

    beforeAll(async () => {
      const local = await registerUserInvited('checks');
      idp.setAccount('checks-sub', { email: local.user.email, email_verified: true });
    });

    it('starts with PKCE (S256), state and nonce, and binds the sign-in to the browser', async () => {
      const browser = browserAs('checks-sub');
      const authorize = await browser.navigate(`${baseUrl}/api/v1/auth/sso/${ADMIN_SLUG}/start`, () => true);
      expect(authorize.origin).toBe(idp.issuer);
      expect(Object.fromEntries(authorize.searchParams)).toEqual(
        expect.objectContaining({
          client_id: 'whiskey-admin-made',
          response_type: 'code',
          redirect_uri: `${baseUrl}/api/v1/auth/sso/${ADMIN_SLUG}/callback`,
          scope: 'openid email profile groups',
          code_challenge_method: 'S256',
          code_challenge: expect.stringMatching(/^[\w-]{43}$/),
          state: expect.stringMatching(/^[\w-]{20,}$/),
          nonce: expect.stringMatching(/^[\w-]{20,}$/),
        }),
      );
      expect(browser.hasCookie(baseUrl, 'wt_sso')).toBe(true);
    });

    it('refuses a callback whose state was not issued', async () => {
      const callback = await callbackUrl(browserAs('checks-sub'));
      callback.searchParams.set('state', 'forged-state-forged-state-forged');
      const landing = await new Browser(recorded).navigate(callback.href);
      expect(ssoError(landing)).toEqual({ path: '/admin/login', error: 'state_mismatch' });
    });

    it('refuses a callback opened in another browser than the one that started the sign-in', async () => {
      const callback = await callbackUrl(browserAs('checks-sub'));
      const landing = await new Browser(recorded).navigate(callback.href);
      expect(ssoError(landing)).toEqual({ path: '/admin/login', error: 'state_mismatch' });
    });

    it('refuses a replayed callback, and a replayed exchange code', async () => {
      const browser = browserAs('checks-sub');
      const callback = await callbackUrl(browser);
      const first = await browser.navigate(callback.href);
      const tokens = await exchange(first);
      expect((await me(tokens.accessToken)).status).toBe(200);

      const replay = await browser.navigate(callback.href);
      expect(ssoError(replay)).toEqual({ path: '/admin/login', error: 'state_mismatch' });
      const again = await api('POST', '/api/v1/auth/sso/exchange', {
        payload: { code: first.searchParams.get('code') },
      });
      expect(again.status).toBe(401);
      expect(again.contentType).toMatch(/^application\/problem\+json/);
    });

    it('refuses an authorization code redeemed with another sign-in’s PKCE verifier', async () => {
      const browser = browserAs('checks-sub');
      const stolen = await callbackUrl(browser);
      const own = await callbackUrl(browser);
      // The attacker's code with the victim's (valid, unused) state: the verifier does not match.
      own.searchParams.set('code', stolen.searchParams.get('code')!);
      const landing = await browser.navigate(own.href);
      expect(ssoError(landing)).toEqual({ path: '/admin/login', error: 'token_rejected' });
    });

    it('sends unknown providers back to the login screen', async () => {
      const landing = await new Browser(recorded).navigate(`${baseUrl}/api/v1/auth/sso/nobody/start`);
      expect(ssoError(landing)).toEqual({ path: '/admin/login', error: 'unknown_provider' });
    });
  });

  describe('linked identities', () => {
    it('refuses to unlink the only way into an account, and unlinks when a password remains', async () => {
      const email = uniqueEmail('only-sso');
      idp.setAccount('only-sso-sub', { email, email_verified: true });
      const ssoOnly = await exchange(await ssoSignIn(browserAs('only-sso-sub'), ADMIN_SLUG));
      const [identity] = (
        await api<{ id: string }[]>('GET', '/api/v1/auth/sso/identities', { token: ssoOnly.accessToken })
      ).body;
      const refused = await api('DELETE', `/api/v1/auth/sso/identities/${identity.id}`, {
        token: ssoOnly.accessToken,
      });
      expect(refused.status).toBe(409);

      const local = await registerUserInvited('unlink');
      idp.setAccount('unlink-sub', { email: local.user.email, email_verified: true });
      const linked = await exchange(await ssoSignIn(browserAs('unlink-sub'), ADMIN_SLUG));
      const [own] = (
        await api<{ id: string }[]>('GET', '/api/v1/auth/sso/identities', { token: linked.accessToken })
      ).body;
      // Someone else's identity is not found.
      expect(
        (await api('DELETE', `/api/v1/auth/sso/identities/${own.id}`, { token: ssoOnly.accessToken })).status,
      ).toBe(404);
      expect(
        (await api('DELETE', `/api/v1/auth/sso/identities/${own.id}`, { token: linked.accessToken })).status,
      ).toBe(204);
      expect(
        (await api<unknown[]>('GET', '/api/v1/auth/sso/identities', { token: linked.accessToken })).body,
      ).toEqual([]);
      expect((await auditEvents('auth.sso_unlinked')).some((event) => event.actorId === local.user.id)).toBe(
        true,
      );
    });
  });

  describe('password sign-in for admins only', () => {
    afterAll(async () => {
      const current = await api<{ version: number }>('GET', '/api/v1/settings/password-login', {
        token: admin.accessToken,
      });
      await api('PUT', '/api/v1/settings/password-login', {
        token: admin.accessToken,
        payload: { mode: 'everyone', version: current.body.version },
      });
    });

    it('refuses non-admins a password sign-in with a clear problem, and keeps it for admins (break-glass)', async () => {
      const member = await registerUserInvited('password');
      const current = await api<{ mode: string; version: number }>('GET', '/api/v1/settings/password-login', {
        token: admin.accessToken,
      });
      expect(current.body).toEqual({ mode: 'everyone', version: 0 });
      const changed = await api('PUT', '/api/v1/settings/password-login', {
        token: admin.accessToken,
        payload: { mode: 'admins_only', version: 0 },
      });
      expect(changed.status).toBe(200);
      expect(
        (
          await api('PUT', '/api/v1/settings/password-login', {
            token: member.accessToken,
            payload: { mode: 'everyone', version: 1 },
          })
        ).status,
      ).toBe(403);

      const refused = await api<{ detail: string }>('POST', '/api/v1/auth/login', {
        payload: { email: member.user.email, password: PASSWORD },
      });
      expect(refused.status).toBe(403);
      expect(refused.contentType).toMatch(/^application\/problem\+json/);
      expect(refused.body.detail).toMatch(/single sign-on/);
      // A wrong password still gets the usual answer: the mode tells a guesser nothing.
      const wrong = await api('POST', '/api/v1/auth/login', {
        payload: { email: member.user.email, password: 'not the password' },
      });
      expect(wrong.status).toBe(401);
      expect(
        (
          await api('POST', '/api/v1/auth/login', {
            payload: { email: admin.user.email, password: PASSWORD },
          })
        ).status,
      ).toBe(200);

      // Without a usable password, the member's only identity cannot be unlinked any more.
      idp.setAccount('password-sub', { email: member.user.email, email_verified: true });
      const viaSso = await exchange(await ssoSignIn(browserAs('password-sub'), ADMIN_SLUG));
      const [identity] = (
        await api<{ id: string }[]>('GET', '/api/v1/auth/sso/identities', { token: viaSso.accessToken })
      ).body;
      const unlink = () =>
        api('DELETE', `/api/v1/auth/sso/identities/${identity.id}`, { token: viaSso.accessToken });
      expect((await unlink()).status).toBe(409);

      // A passkey that signs in without the password is a way in of its own. (Made here without the
      // ceremony, which passkeys.spec.ts walks in Chromium; only its row matters to the unlink.)
      const em = t.app.get(EntityManager).fork();
      const passkey = em.create(Passkey, {
        user: member.user.id,
        credentialId: randomBytes(16).toString('base64url'),
        publicKey: new Uint8Array(randomBytes(77)),
        name: 'Phone',
        passwordless: false,
      });
      await em.flush();
      expect((await unlink()).status).toBe(409);
      passkey.passwordless = true;
      await em.flush();
      expect((await unlink()).status).toBe(204);
    });
  });

  describe('secrets', () => {
    it('never shows a client secret in any response or log line', () => {
      expect(recorded.length).toBeGreaterThan(50);
      expect(logs.length).toBeGreaterThan(20);
      for (const secret of [CLIENT_SECRET, ENV_CLIENT_SECRET, POST_CLIENT_SECRET]) {
        expect(
          recorded.filter((answer) => answer.text.includes(secret)).map((answer) => answer.label),
        ).toEqual([]);
        expect(logs.filter((line) => line.includes(secret))).toEqual([]);
      }
    });
  });

  /** A member of the admin's household with a password, invited and registered. */
  async function registerUserInvited(name: string): Promise<SignedIn> {
    const invite = await api<{ token: string }>('POST', '/api/v1/invites', {
      token: admin.accessToken,
      payload: { role: 'user' },
    });
    return registerUser(t.app, { email: uniqueEmail(name), inviteToken: invite.body.token });
  }
});
