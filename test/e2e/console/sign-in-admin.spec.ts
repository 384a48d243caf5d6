import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { addMember, bearer, PASSWORD, registerUser, type SignedIn } from '../../factories/users.js';
import {
  answerRecorder,
  expectNoSidewaysScroll,
  openConsole,
  PHONE,
  type ConsoleBrowser,
} from '../../setup/console-browser.js';
import { startOidcProvider, type TestOidcProvider } from '../../setup/oidc-provider.js';

/**
 * Sign-in administration in Chromium against the real API and a real OpenID provider (oidc-provider
 * on a random port): single sign-on providers through their form, the two-factor requirement and
 * password sign-in settings, and an admin resetting a member's two-factor sign-in. Every API answer a
 * page received is kept and scanned for the client secrets typed.
 */

const CLIENT_ID = 'whiskey-console';
const CLIENT_SECRET = 'oidc-client-secret-console-5b0e7d21';
const NEW_CLIENT_SECRET = 'oidc-client-secret-replaced-93c4aa10';
const SLUG = 'homelab';
/** The group field of a mapping row (not "Groups claim"); a required field's label ends in " *" (a thin space). */
const GROUP_LABEL = /^Group\s*\*?$/;

/**
 * Signs in with a password through the login form. The button is matched exactly: the login screen
 * also offers "Sign in with a passkey" and one "Sign in with …" button per single sign-on provider.
 */
async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** A port of this machine nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** The code an authenticator app holding `secret` shows now. */
function totpCode(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
}

describe('Console sign-in administration', () => {
  let c: ConsoleBrowser;
  let idp: TestOidcProvider;
  let admin: SignedIn;
  const recorder = answerRecorder();

  async function api<T>(method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object) {
    const res = await c.t.app.inject({ method, url, headers: bearer(token), payload });
    return { status: res.statusCode, body: (res.body ? res.json() : undefined) as T };
  }

  /** Turns on an authenticator app for the account, as a person would with the QR code. */
  async function enrolTotp(account: SignedIn): Promise<void> {
    const setup = await api<{ secret: string }>('POST', '/api/v1/auth/mfa/totp/setup', account.accessToken, {
      password: PASSWORD,
    });
    expect(setup.status).toBe(201);
    const confirm = await api('POST', '/api/v1/auth/mfa/totp/confirm', account.accessToken, {
      code: totpCode(setup.body.secret),
    });
    expect(confirm.status).toBe(200);
  }

  const mfaStatus = async (account: SignedIn) =>
    (await api<{ totpEnabled: boolean }>('GET', '/api/v1/auth/mfa', account.accessToken)).body;

  /** The error shown under the form field labelled `label`. */
  const fieldError = (page: Page, label: string) =>
    page
      .locator('.MuiFormControl-root')
      .filter({ has: page.getByLabel(label) })
      .locator('.MuiFormHelperText-root.Mui-error');

  beforeAll(async () => {
    idp = await startOidcProvider({
      clients: [
        {
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          redirectUris: [`http://localhost:3000/api/v1/auth/sso/${SLUG}/callback`],
        },
      ],
    });
    c = await openConsole();
    await c.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    recorder.watch(c.page);
    admin = await registerUser(c.t.app, { displayName: 'Ada' });
    await signIn(c.page, admin.user.email, PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await c?.close();
    await idp?.close();
  });

  it('creates a provider through its form: the issuer is discovered and the secret shows as set', async () => {
    const { page } = c;
    await page.getByRole('menuitem', { name: 'Single sign-on' }).click();
    await page.getByRole('link', { name: 'Add provider' }).click();
    await page.getByLabel('Slug').fill(SLUG);
    await page.getByLabel('Name').fill('Homelab IdP');
    await page.getByLabel('Button label').fill('Sign in with Homelab');
    await page.getByLabel('Issuer URL').fill(idp.issuer);
    await page.getByLabel('Client ID').fill(CLIENT_ID);
    await page.getByRole('textbox', { name: /^Client secret/ }).fill(CLIENT_SECRET);
    await page.getByLabel('Scopes').fill('openid email profile groups');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByLabel(GROUP_LABEL).fill('whisky-admins');
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Admin' }).click();
    await c.screenshot('sso-provider-create');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Single sign-on: Homelab IdP').waitFor();
    // Saved: the secret is "set", and no input holds it until the admin chooses to replace it.
    await page.getByRole('button', { name: 'Replace client secret' }).waitFor();
    await page.getByText('set', { exact: true }).waitFor();
    expect(await page.getByRole('textbox', { name: /^Client secret/ }).count()).toBe(0);
    const callbackUrl = await page.getByRole('textbox', { name: 'Callback URL' }).inputValue();
    expect(callbackUrl).toMatch(new RegExp(`^https?://[^/]+/api/v1/auth/sso/${SLUG}/callback$`));
    await page.getByRole('button', { name: 'Copy callback URL' }).click();
    await page.getByText('Callback URL copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(callbackUrl);
    expect(await page.getByLabel(GROUP_LABEL).inputValue()).toBe('whisky-admins');
    await c.screenshot('sso-provider-edit');

    const saved = await api<{ clientSecretSet: boolean; groupRoleMap: object; scopes: string }>(
      'GET',
      `/api/v1/auth/sso/providers/${SLUG}`,
      admin.accessToken,
    );
    expect(saved.body).toMatchObject({
      clientSecretSet: true,
      groupRoleMap: { 'whisky-admins': 'admin' },
      scopes: 'openid email profile groups',
    });
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('shows a wrong issuer URL on the field', async () => {
    const { page } = c;
    await page.getByRole('menuitem', { name: 'Single sign-on' }).click();
    await page.getByRole('link', { name: 'Add provider' }).click();
    await page.getByLabel('Slug').fill('broken');
    await page.getByLabel('Name').fill('Broken');
    await page.getByLabel('Button label').fill('Sign in with Broken');
    await page.getByLabel('Client ID').fill(CLIENT_ID);
    // Nothing listens on that port of this machine any more: discovery fails, and says why.
    await page.getByLabel('Issuer URL').fill(`http://127.0.0.1:${await closedPort()}/`);
    await page.getByRole('button', { name: 'Save' }).click();
    await fieldError(page, 'Issuer URL')
      .filter({ hasText: /^could not be discovered: .*ECONNREFUSED/ })
      .waitFor();
    // Plain http beyond this machine is refused before anything is fetched.
    await page.getByLabel('Issuer URL').fill('http://idp.example.org/');
    await page.getByRole('button', { name: 'Save' }).click();
    await fieldError(page, 'Issuer URL').filter({ hasText: 'must be an https:// URL' }).waitFor();
    await c.screenshot('sso-provider-issuer-error');
    expect(page.url()).toContain('/admin/sso-providers/create');
    const list = await api<{ total: number }>('GET', '/api/v1/auth/sso/providers', admin.accessToken);
    expect(list.body.total).toBe(1);
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('replaces the client secret of a saved provider, which still never comes back', async () => {
    const { page } = c;
    await page.getByRole('menuitem', { name: 'Single sign-on' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Homelab IdP' });
    await row.getByText('set', { exact: true }).waitFor();
    await row.getByText('enabled').waitFor();
    await c.screenshot('sso-providers');
    await row.click();
    await page.getByText('Single sign-on: Homelab IdP').waitFor();
    // A changed issuer is discovered again before saving: a wrong one is shown on the field.
    await page.getByLabel('Issuer URL').fill(`${idp.issuer}/nothing-here`);
    await page.getByRole('button', { name: 'Save' }).click();
    await fieldError(page, 'Issuer URL')
      .filter({ hasText: /^could not be discovered/ })
      .waitFor();
    await page.getByLabel('Issuer URL').fill(idp.issuer);
    await page.getByRole('button', { name: 'Replace client secret' }).click();
    expect(await page.getByRole('textbox', { name: /^Client secret/ }).inputValue()).toBe('');
    await page.getByRole('textbox', { name: /^Client secret/ }).fill(NEW_CLIENT_SECRET);
    await page.getByLabel('Button label').fill('Sign in with the homelab');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Element updated').waitFor();
    await page.getByRole('button', { name: 'Replace client secret' }).waitFor();
    expect(await page.getByRole('textbox', { name: /^Client secret/ }).count()).toBe(0);

    const events = await api<{ data: { details: { changed?: string[] } }[] }>(
      'GET',
      '/api/v1/audit-events?action=auth.sso_provider_updated',
      admin.accessToken,
    );
    expect(events.body.data.map((event) => [...(event.details.changed ?? [])].sort())).toEqual([
      ['buttonLabel', 'clientSecret'],
    ]);
    const buttons = await c.t.app.inject({ method: 'GET', url: '/api/v1/auth/sso/providers/public' });
    expect(buttons.json()).toEqual([
      expect.objectContaining({ slug: SLUG, buttonLabel: 'Sign in with the homelab' }),
    ]);

    await page.getByRole('link', { name: 'Show' }).click();
    await page.getByText('Roles from groups').waitFor();
    await page.getByText('whisky-admins').waitFor();
    await page.getByRole('textbox', { name: 'Callback URL' }).waitFor();
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('deletes a provider after a confirmation: its button leaves the login screen', async () => {
    const created = await api('POST', '/api/v1/auth/sso/providers', admin.accessToken, {
      slug: 'spare',
      name: 'Spare IdP',
      buttonLabel: 'Sign in with Spare',
      issuerUrl: idp.issuer,
      clientId: CLIENT_ID,
    });
    expect(created.status).toBe(201);
    const { page } = c;
    await page.getByRole('menuitem', { name: 'Single sign-on' }).click();
    await page.getByRole('row').filter({ hasText: 'Spare IdP' }).click();
    await page.getByText('Single sign-on: Spare IdP').waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this provider?' });
    await confirm.getByText('Accounts linked through it keep their link').waitFor();
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('row').filter({ hasText: 'Homelab IdP' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Spare IdP' }).count()).toBe(0);

    const buttons = await c.t.app.inject({ method: 'GET', url: '/api/v1/auth/sso/providers/public' });
    expect(buttons.json<{ slug: string }[]>().map((button) => button.slug)).toEqual([SLUG]);
    const events = await api<{ data: { targetId: string }[] }>(
      'GET',
      '/api/v1/audit-events?action=auth.sso_provider_deleted',
      admin.accessToken,
    );
    expect(events.body.data).toHaveLength(1);
    expect(c.errors).toEqual([]);
  }, 60_000);

  it("resets a member's two-factor sign-in; the member signs in with the password alone", async () => {
    const member = await addMember(c.t.app, admin, 'user', 'bea');
    await enrolTotp(member);
    expect((await mfaStatus(member)).totpEnabled).toBe(true);
    const login = await c.t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: member.user.email, password: PASSWORD },
    });
    expect(login.json()).toMatchObject({ mfaRequired: true });

    const { page } = c;
    await page.getByRole('menuitem', { name: 'Users' }).click();
    const row = page.getByRole('row').filter({ hasText: member.user.email });
    await row.getByText('Authenticator app', { exact: true }).waitFor();
    await row.click();
    const section = page.getByRole('region', { name: 'Two-factor sign-in' });
    await section.getByText('Authenticator app', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reset two-factor sign-in' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Reset the two-factor sign-in of').waitFor();
    await c.screenshot('user-reset-2fa-confirm');
    await dialog.getByRole('button', { name: 'Reset' }).click();
    // No mail server in this test: the admin is told to tell the member.
    await page.getByText('could not be told by email').waitFor();
    await c.screenshot('user-reset-2fa-done');
    expect((await mfaStatus(member)).totpEnabled).toBe(false);

    // The member is read again: nothing left to reset, and the list says so too.
    await section.getByText('Off', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Reset two-factor sign-in' }).isDisabled()).toBe(true);
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await row.getByText('Off', { exact: true }).waitFor();

    // My own account offers no reset (that is "turn off" under My account).
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByRole('row').filter({ hasText: admin.user.email }).click();
    await page.getByRole('radio', { name: /^Admin/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Reset two-factor sign-in' }).count()).toBe(0);

    const memberPage = await c.newPage();
    await signIn(memberPage, member.user.email, PASSWORD);
    await memberPage.close();
    expect(c.errors).toEqual([]);
  }, 60_000);

  it.each(['read_only', 'user'] as const)(
    'a %s member sees no sign-in administration and gets none of its data',
    async (role) => {
      const member = await addMember(c.t.app, admin, role, role);
      const page = await c.newPage();
      recorder.watch(page);
      const answers: { url: string; status: number }[] = [];
      page.on('response', (response) => answers.push({ url: response.url(), status: response.status() }));
      await signIn(page, member.user.email, PASSWORD);
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('menuitem', { name: 'Single sign-on' }).count()).toBe(0);
      expect(await page.getByRole('menuitem', { name: 'Sign-in settings' }).count()).toBe(0);
      expect(await page.getByRole('menuitem', { name: 'Users' }).count()).toBe(0);
      await page.goto('/admin/sso-providers');
      await page.getByText('Single sign-on providers are managed by the administrators').waitFor();
      await page.goto(`/admin/sso-providers/${SLUG}/show`);
      await page.getByText('Single sign-on providers are managed by the administrators').waitFor();
      await page.goto('/admin/settings/sign-in');
      await page.getByText('Sign-in settings are managed by the administrators').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.getByText('Homelab').count()).toBe(0);
      // The login screen's public list of buttons excepted.
      const read = answers.filter(
        (answer) =>
          /\/api\/v1\/(auth\/sso\/providers|auth\/mfa\/policy|settings\/password-login)/.test(answer.url) &&
          !answer.url.endsWith('/auth/sso/providers/public'),
      );
      expect(read.filter((answer) => answer.status < 400)).toEqual([]);
      await page.close();
      expect(c.errors).toEqual([]);
    },
    60_000,
  );

  it('works on a phone: provider list, form and sign-in settings', async () => {
    const page = await c.newPage(PHONE);
    recorder.watch(page);
    await signIn(page, admin.user.email, PASSWORD);
    await page.goto('/admin/sso-providers');
    await page.getByText('Homelab IdP').click();
    await page.getByText('Single sign-on: Homelab IdP').waitFor();
    await page.getByRole('button', { name: 'Replace client secret' }).waitFor();
    await expectNoSidewaysScroll(page);
    await c.screenshot('sso-provider-form-phone', page);
    await page.goto('/admin/sso-providers');
    await page.getByText('Homelab IdP').waitFor();
    await expectNoSidewaysScroll(page);
    await c.screenshot('sso-providers-phone', page);
    await page.goto('/admin/sso-providers/create');
    await page.getByLabel('Slug').waitFor();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByLabel(GROUP_LABEL).waitFor();
    await expectNoSidewaysScroll(page);
    await c.screenshot('sso-provider-create-phone', page);
    await page.goto('/admin/settings/sign-in');
    await page.getByRole('button', { name: 'Save password sign-in' }).waitFor();
    await expectNoSidewaysScroll(page);
    await c.screenshot('sign-in-settings-phone', page);
    await page.close();
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('saves the two-factor requirement and password sign-in; both survive a reload', async () => {
    const { page } = c;
    await page.getByRole('menuitem', { name: 'Sign-in settings' }).click();
    const mfa = page.getByRole('region', { name: 'Two-factor sign-in' });
    const password = page.getByRole('region', { name: 'Password sign-in' });
    await mfa.getByRole('radio', { name: /^Not required/ }).waitFor();
    expect(await mfa.getByRole('radio', { name: /^Not required/ }).isChecked()).toBe(true);

    // Requiring it of admins while my own account has none is refused, on the field.
    await mfa.getByRole('radio', { name: /^Admins/ }).check();
    await mfa.getByRole('button', { name: 'Save requirement' }).click();
    await mfa.getByText('requires two-factor sign-in of you, and it is off').waitFor();
    await c.screenshot('sign-in-settings-refused');

    await enrolTotp(admin);
    await mfa.getByRole('radio', { name: /^Everyone/ }).check();
    await mfa.getByRole('button', { name: 'Save requirement' }).click();
    await page.getByText('Two-factor requirement saved').waitFor();

    await password.getByRole('radio', { name: /^Admins only/ }).check();
    await password.getByRole('button', { name: 'Save password sign-in' }).click();
    await page.getByText('Password sign-in saved').waitFor();
    await c.screenshot('sign-in-settings');

    await page.reload();
    await mfa.getByRole('radio', { name: /^Everyone/ }).waitFor();
    expect(await mfa.getByRole('radio', { name: /^Everyone/ }).isChecked()).toBe(true);
    expect(await password.getByRole('radio', { name: /^Admins only/ }).isChecked()).toBe(true);
    const policy = await api<{ mode: string }>('GET', '/api/v1/auth/mfa/policy', admin.accessToken);
    expect(policy.body.mode).toBe('everyone');
    const passwordLogin = await api<{ mode: string }>(
      'GET',
      '/api/v1/settings/password-login',
      admin.accessToken,
    );
    expect(passwordLogin.body.mode).toBe('admins_only');
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('never sent a client secret to the browser', async () => {
    const answers = await recorder.answers();
    expect(answers.filter((answer) => answer.url.includes('/auth/sso/providers')).length).toBeGreaterThan(5);
    const leaks = answers
      .filter((answer) => answer.body.includes(CLIENT_SECRET) || answer.body.includes(NEW_CLIENT_SECRET))
      .map((answer) => `${answer.status} ${answer.url}`);
    expect(leaks).toEqual([]);
  });
});
