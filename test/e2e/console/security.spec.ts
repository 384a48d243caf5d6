import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import type { CDPSession, Page } from 'playwright-core';
import { bearer, PASSWORD, registerUser, uniqueEmail, type SignedIn } from '../../factories/users.js';
import { openConsole, PHONE, SCREENSHOTS, signIn, type ConsoleBrowser } from '../../setup/console-browser.js';
import { startOidcProvider, TEST_ACCOUNT_COOKIE, type TestOidcProvider } from '../../setup/oidc-provider.js';

/**
 * Sign-in security in the console, in real Chromium against the real API: an authenticator app set up
 * through My account → Security with codes computed here from the key the page shows, the code step of
 * the sign-in (TOTP, recovery code, passkey), passkeys made by a CDP virtual authenticator, single
 * sign-on through a real OpenID provider, and the two-factor requirement of the policy. The console is
 * opened on its PUBLIC_URL (http://localhost:<port>), the origin passkeys and SSO redirects belong to.
 */

const STEP_MS = 30_000;
const SSO_SLUG = 'test-idp';
const SSO_CLIENT_SECRET = 'console-test-client-secret-0123456789';

/** The code an authenticator app holding `secret` shows `steps` time steps (of 30 s) from now. */
function codeAt(secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + steps * STEP_MS });
}

/** A well-formed code that matches none of the steps around now. */
function wrongCode(secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((steps) => codeAt(secret, steps)));
  for (let candidate = Number(codeAt(secret)) + 1; ; candidate += 1) {
    const code = String(candidate % 1_000_000).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** Waits for the next time step when the current one ends within 3 s (a code typed across the change). */
async function awayFromStepBoundary(): Promise<void> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 3000) await sleep(left + 50);
}

/** Whether the page scrolls sideways (it must not, on a phone). */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

async function signOut(page: Page): Promise<void> {
  // On a phone the app bar hides while scrolling down.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('button', { name: 'Profile', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
}

/** The password step, up to the second step's screen. */
async function passwordStep(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Confirm it’s you' }).waitFor();
}

/** Gives `page` a platform authenticator with user verification that holds discoverable passkeys. */
async function addVirtualAuthenticator(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return cdp;
}

describe('Console sign-in security (2FA, passkeys, single sign-on)', () => {
  let c: ConsoleBrowser;
  let idp: TestOidcProvider;
  let admin: SignedIn;
  /** The TOTP key the page showed once, and the recovery codes it showed once. */
  let secret = '';
  let recoveryCodes: string[] = [];
  const ssoEmail = uniqueEmail('sam');

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object) => {
    const res = await c.t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });
    expect(res.statusCode).toBeLessThan(300);
    return res.json<Record<string, unknown>>();
  };

  beforeAll(async () => {
    c = await openConsole({}, undefined, { publicOrigin: true });
    idp = await startOidcProvider({
      clients: [
        {
          clientId: 'whiskey-console',
          clientSecret: SSO_CLIENT_SECRET,
          redirectUris: [`${c.baseUrl}/api/v1/auth/sso/${SSO_SLUG}/callback`],
        },
      ],
      accounts: { sam: { email: ssoEmail, email_verified: true, name: 'Sam' } },
    });
    admin = await registerUser(c.t.app, { displayName: 'Ada' });
    await api('POST', '/auth/sso/providers', admin.accessToken, {
      slug: SSO_SLUG,
      name: 'Test IdP',
      buttonLabel: 'Sign in with Test IdP',
      issuerUrl: idp.issuer,
      clientId: 'whiskey-console',
      clientSecret: SSO_CLIENT_SECRET,
      autoProvision: true,
      householdId: admin.user.householdId,
      defaultRole: 'user',
    });
  }, 60_000);
  afterAll(async () => {
    await c?.close();
    await idp?.close();
  }, 60_000);

  it('sets up an authenticator app from My account: QR code, key, code, recovery codes shown once', async () => {
    const { page } = c;
    // A phone from the start (the side menu of a desktop would stay open over a phone's page).
    await page.setViewportSize(PHONE);
    await signIn(page, admin.user.email, PASSWORD);
    await page.goto('/admin/account');
    const section = page.getByRole('region', { name: 'Two-factor sign-in' });
    await section.getByText('Authenticator app: off').waitFor();
    await section.getByRole('button', { name: 'Set up authenticator app' }).click();

    const dialog = page.getByRole('dialog', { name: 'Set up an authenticator app' });
    await dialog.getByLabel('Your password').fill('not my password');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText('The password is wrong').waitFor();
    await dialog.getByLabel('Your password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Continue' }).click();

    const qr = dialog.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    secret = await dialog.getByRole('textbox', { name: 'Setup key' }).inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await scrollsSideways(page)).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'security-totp-setup-phone.png') });
    await dialog.getByLabel('Code from the app').fill(wrongCode(secret));
    await dialog.getByRole('button', { name: 'Turn on' }).click();
    await dialog.getByText(/The code does not match/).waitFor();
    await awayFromStepBoundary();
    await dialog.getByLabel('Code from the app').fill(codeAt(secret));
    await dialog.getByRole('button', { name: 'Turn on' }).click();

    const shown = page.getByRole('dialog', { name: 'Two-factor sign-in is on' });
    const list = shown.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await scrollsSideways(page)).toBe(false);
    // The dialog fills the phone's screen: a screenshot of the screen, not of the page behind it.
    await page.screenshot({ path: join(SCREENSHOTS, 'security-recovery-codes-phone.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      shown.getByRole('button', { name: 'Download .txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('whiskey-tracker-recovery-codes.txt');
    const text = readFileSync(await download.path(), 'utf8');
    for (const code of recoveryCodes) expect(text).toContain(code);
    expect(text).toContain(admin.user.email);

    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    await section.getByText('Authenticator app: on').waitFor();
    await section.getByText('10 unused recovery codes left.', { exact: false }).waitFor();
    // Shown once: neither the key nor any code is left anywhere in the page.
    const html = await page.content();
    expect(html).not.toContain(secret);
    for (const code of recoveryCodes) expect(html).not.toContain(code);

    await page.getByRole('region', { name: 'Passkeys' }).scrollIntoViewIfNeeded();
    expect(await scrollsSideways(page)).toBe(false);
    await c.screenshot('security-phone');
    expect(c.errors).toEqual([]);
  }, 120_000);

  it('asks for the app’s code after the password; a wrong code can be typed again', async () => {
    const { page } = c;
    await signOut(page);
    await passwordStep(page, admin.user.email);
    await page.getByLabel('Authentication code').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await c.screenshot('sign-in-code-step-phone');
    await page.getByLabel('Authentication code').fill(wrongCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('The code is wrong or has already been used').waitFor();
    // The code used to turn it on may be this step's: the next one is accepted (±1 step) and unused.
    await page.getByLabel('Authentication code').fill(codeAt(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('signs in with a recovery code and tells how many are left', async () => {
    const { page } = c;
    await page.setViewportSize({ width: 1366, height: 900 });
    await signOut(page);
    await passwordStep(page, admin.user.email);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Signed in with a recovery code: 9 codes are left.').waitFor();
    const status = await api('GET', '/auth/mfa', admin.accessToken);
    expect(status).toMatchObject({ totpEnabled: true, recoveryCodesRemaining: 9 });
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('adds a passkey made by the virtual authenticator, and signs in with it alone and as the second step', async () => {
    const { page } = c;
    expect(new URL(c.baseUrl).hostname).toBe('localhost');
    await addVirtualAuthenticator(page);
    await page.goto('/admin/account');
    const section = page.getByRole('region', { name: 'Passkeys' });
    await section.getByText('No passkeys yet.').waitFor();
    await section.getByRole('button', { name: 'Add passkey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a passkey' });
    await dialog.getByLabel('Name').fill('Laptop');
    await dialog.getByLabel('Allow sign-in without password').check();
    await dialog.getByRole('button', { name: 'Create passkey' }).click();
    await page.getByText('Passkey “Laptop” added').waitFor();
    const item = section.getByRole('listitem').filter({ hasText: 'Laptop' });
    await item.getByText('never used').waitFor();
    expect(await item.getByRole('switch', { name: 'Sign in without password' }).isChecked()).toBe(true);

    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await signOut(page);
    await passwordStep(page, admin.user.email);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto('/admin/account');
    await section.getByRole('listitem').filter({ hasText: 'Laptop' }).getByText('last used').waitFor();

    await section.getByRole('button', { name: 'Rename Laptop' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename passkey' });
    await rename.getByLabel('Name').fill('Work laptop');
    await rename.getByRole('button', { name: 'Save' }).click();
    await rename.waitFor({ state: 'hidden' });
    const renamed = section.getByRole('listitem').filter({ hasText: 'Work laptop' });
    await renamed.getByRole('switch', { name: 'Sign in without password' }).uncheck();
    await page.getByText('“Work laptop” now only confirms sign-ins after your password').waitFor();
    const listed = await api('GET', '/auth/passkeys', admin.accessToken);
    expect(listed).toEqual([expect.objectContaining({ name: 'Work laptop', passwordless: false })]);
    await section.getByRole('button', { name: 'Remove Work laptop' }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await section.getByText('No passkeys yet.').waitFor();
    expect(c.errors).toEqual([]);
  }, 90_000);

  it('explains a failed single sign-on, and signs in through the provider’s button', async () => {
    const page = await c.newPage(PHONE);
    await page.goto('/admin/login?ssoError=email_unverified');
    await page.getByText(/Your email address is not verified at the sign-in provider/).waitFor();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await c.screenshot('sign-in-other-ways-phone', page);

    await page.context().addCookies([{ name: TEST_ACCOUNT_COOKIE, value: 'sam', url: idp.issuer }]);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/?$/);
    // The one-time code of the redirect is not left in the history.
    await page.goBack().catch(() => undefined);
    expect(page.url()).not.toContain('sso-complete');

    await page.goto('/admin/account');
    const linked = page.getByRole('region', { name: 'Single sign-on' });
    await linked.getByText(`Test IdP · ${ssoEmail}`).waitFor();
    await linked.getByRole('button', { name: 'Unlink Test IdP' }).click();
    await page.getByRole('button', { name: 'Unlink', exact: true }).click();
    // An account made by single sign-on has no password: the link is its only way in.
    await page.getByText(/This is your only way to sign in/).waitFor();
    await linked.getByText(`Test IdP · ${ssoEmail}`).waitFor();
    expect(c.errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('sends a member the policy requires to use two-factor sign-in to Security until it is on', async () => {
    const policy = await api('GET', '/auth/mfa/policy', admin.accessToken);
    await api('PUT', '/auth/mfa/policy', admin.accessToken, { mode: 'everyone', version: policy.version });
    const memberEmail = uniqueEmail('member');
    const invite = await api('POST', '/invites', admin.accessToken, { role: 'user' });
    await registerUser(c.t.app, { email: memberEmail, inviteToken: String(invite.token) });

    const page = await c.newPage(PHONE);
    await page.goto('/admin/login');
    await page.getByLabel('Email').fill(memberEmail);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'Two-factor sign-in is required' });
    await banner.waitFor();
    expect(new URL(page.url()).hash).toBe('#security');
    expect(await scrollsSideways(page)).toBe(false);
    await c.screenshot('security-enrolment-required-phone', page);

    // Elsewhere the API refuses this session: the console comes back here instead of signing out.
    await page.goto('/admin/bottles');
    await banner.waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/account');

    await page.getByRole('button', { name: 'Set up authenticator app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up an authenticator app' });
    await dialog.getByLabel('Your password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    const memberSecret = await dialog.getByRole('textbox', { name: 'Setup key' }).inputValue();
    await awayFromStepBoundary();
    await dialog.getByLabel('Code from the app').fill(codeAt(memberSecret));
    await dialog.getByRole('button', { name: 'Turn on' }).click();
    await page
      .getByRole('dialog', { name: 'Two-factor sign-in is on' })
      .getByRole('button', { name: 'Done' })
      .click();
    await page.getByText('Two-factor sign-in is on').first().waitFor();
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Signed-in devices' }).getByText('This device').waitFor();
    await page.goto('/admin/bottles');
    await page.getByRole('heading', { name: 'Bottles' }).waitFor();

    const now = await api('GET', '/auth/mfa/policy', admin.accessToken);
    await api('PUT', '/auth/mfa/policy', admin.accessToken, { mode: 'off', version: now.version });
    expect(c.errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('goes back to the password when too many wrong codes ended the sign-in', async () => {
    const page = await c.newPage();
    await passwordStep(page, admin.user.email);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await page.getByLabel('Authentication code').fill(wrongCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText('The code is wrong or has already been used').waitFor();
    }
    await page.getByLabel('Authentication code').fill(wrongCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText(/Too many wrong codes/).waitFor();
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(c.errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('makes new recovery codes, copied in one click, and turns the app off with the password and a code', async () => {
    const page = await c.newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: c.baseUrl });
    await passwordStep(page, admin.user.email);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[1] ?? '');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto('/admin/account');
    const section = page.getByRole('region', { name: 'Two-factor sign-in' });
    await section.getByText('8 unused recovery codes left.', { exact: false }).waitFor();

    await section.getByRole('button', { name: 'New recovery codes' }).click();
    const regenerate = page.getByRole('dialog');
    await regenerate.getByLabel('Your password').fill(PASSWORD);
    await regenerate.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await regenerate.getByLabel('Recovery code').fill(recoveryCodes[2] ?? '');
    await regenerate.getByRole('button', { name: 'Make new codes' }).click();
    const list = regenerate.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    const fresh = (await list.getByRole('listitem').allTextContents()).map((code) => code.trim());
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    await regenerate.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Recovery codes copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    for (const code of fresh) expect(copied).toContain(code);
    await regenerate.getByRole('button', { name: 'Done' }).click();
    await section.getByText('10 unused recovery codes left.', { exact: false }).waitFor();

    // The old set is gone: one of its unused codes no longer confirms anything.
    await section.getByRole('button', { name: 'Turn off' }).click();
    const turnOff = page.getByRole('dialog');
    await turnOff.getByLabel('Your password').fill(PASSWORD);
    await turnOff.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await turnOff.getByLabel('Recovery code').fill(recoveryCodes[3] ?? '');
    await turnOff.getByRole('button', { name: 'Turn off' }).click();
    await turnOff.getByRole('alert').waitFor();
    await turnOff.getByLabel('Recovery code').fill(fresh[0] ?? '');
    await turnOff.getByRole('button', { name: 'Turn off' }).click();
    await page.getByText('Two-factor sign-in is off').waitFor();
    await section.getByText('Authenticator app: off').waitFor();
    expect(await api('GET', '/auth/mfa', admin.accessToken)).toMatchObject({
      totpEnabled: false,
      recoveryCodesRemaining: 0,
    });
    expect(c.errors).toEqual([]);
    await page.context().close();
  }, 90_000);
});
