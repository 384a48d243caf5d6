import type { Page } from 'playwright-core';
import {
  type ConsoleBrowser,
  expectNoSidewaysScroll,
  openConsole,
  PHONE,
  signIn,
} from '../../setup/console-browser.js';
import { bearer, login, registerUser, uniqueEmail } from '../../factories/users.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../setup/smtp-sink.js';

const STORAGE_KEY = 'whiskey-tracker.auth';
const PASSWORD = 'a peaty dram by the fire';
const NEW_PASSWORD = 'sherry casks and candlelight';

const codeIn = (mail: ReceivedMail) => /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
/** The console path of the link in a mail (the mail points at PUBLIC_URL, not at the test server). */
const linkPathIn = (mail: ReceivedMail) => /https?:\/\/[^/\s]+(\/admin\/[^\s]+)/.exec(mail.text)?.[1] ?? '';

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
}

describe('Console sign-in flows (mail configured: verification required)', () => {
  let c: ConsoleBrowser;
  let sink: SmtpSink;
  const email = uniqueEmail('founder');
  const mailTo = (address: string, subject: RegExp) =>
    sink.waitFor((mail) => mail.to.includes(address) && subject.test(mail.subject));

  beforeAll(async () => {
    sink = await startSmtpSink();
    c = await openConsole({ SMTP_URL: sink.url });
  }, 60_000);
  afterAll(async () => {
    await c?.close();
    await sink?.close();
  }, 60_000);

  it('sends the first visitor to registration, which founds the household and lands on the dashboard', async () => {
    const { page } = c;
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Set up Whiskey Tracker' }).waitFor();
    expect(page.url()).toMatch(/\/admin\/register$/);
    await page.getByLabel('Household name').fill('The Lovelace cellar');
    await page.getByLabel('Your name').fill('Ada');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await c.screenshot('register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const me = await login(c.t.app, email, PASSWORD);
    expect(me.user).toMatchObject({ email, role: 'admin' });
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('asks for the mailed code while the address is unconfirmed, and confirms it', async () => {
    const { page } = c;
    const banner = page.getByRole('region', { name: 'Confirm your email address' });
    await banner.waitFor();
    await c.screenshot('email-verification');
    const code = codeIn(await mailTo(email, /verify/i));
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === '000000' ? '111111' : '000000';
    await banner.getByLabel('Verification code').fill(wrong);
    await banner.getByRole('button', { name: 'Verify' }).click();
    await page.getByText(/Wrong code; 4 attempts left/).waitFor();
    await banner.getByLabel('Verification code').fill(code);
    await banner.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('Email address confirmed').waitFor();
    await banner.waitFor({ state: 'detached' });
    expect((await login(c.t.app, email, PASSWORD)).user).toMatchObject({ emailVerified: true });
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('confirms a member’s address through the mailed link, without signing in', async () => {
    const admin = await login(c.t.app, email, PASSWORD);
    const invite = await c.t.app.inject({
      method: 'POST',
      url: '/api/v1/invites',
      headers: bearer(admin.accessToken),
      payload: { role: 'user' },
    });
    const memberEmail = uniqueEmail('member');
    await registerUser(c.t.app, {
      email: memberEmail,
      inviteToken: invite.json<{ token: string }>().token,
    });
    const path = linkPathIn(await mailTo(memberEmail, /verify/i));
    expect(path).toMatch(/^\/admin\/verify-email\?token=/);
    const stranger = await c.newPage();
    await stranger.goto(path);
    await stranger.getByRole('heading', { name: 'Email address confirmed' }).waitFor();
    expect((await login(c.t.app, memberEmail)).user).toMatchObject({ emailVerified: true });
    // The link works once.
    await stranger.reload();
    await stranger.getByText('This verification link is invalid or has expired').waitFor();
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('signs out, and signs in again', async () => {
    const { page } = c;
    await signOut(page);
    expect(page.url()).toMatch(/\/admin\/login$/);
    await c.screenshot('login');
    await signIn(page, email, PASSWORD);
    await page.getByRole('button', { name: 'Profile' }).waitFor();
    await signOut(page);
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('shows the API’s answer to a wrong password', async () => {
    const { page } = c;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor();
    expect(page.url()).toMatch(/\/admin\/login$/);
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('resets a forgotten password through the mailed link', async () => {
    const { page } = c;
    sink.clear();
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(/a reset link is on its way/).waitFor();

    const path = linkPathIn(await mailTo(email, /reset/i));
    expect(path).toMatch(/^\/admin\/reset-password\?token=/);
    await page.goto(path);
    await page.getByLabel(/^New password/).fill('password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    // The policy's refusal lands on the field.
    await page
      .getByText(/common password|at least 10/i)
      .first()
      .waitFor();
    await page.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await signIn(page, email, NEW_PASSWORD);
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('refreshes an expired access token once for all the requests that hit the 401 together', async () => {
    const { page } = c;
    const refreshes: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/auth/refresh'))
        refreshes.push(request.url());
    });
    await page.evaluate((key) => {
      const session = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
      localStorage.setItem(key, JSON.stringify({ ...session, accessToken: 'no.longer.valid' }));
    }, STORAGE_KEY);
    const unauthorized: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 401) unauthorized.push(response.url());
    });

    // My account asks for the profile, the devices and the API tokens at once.
    await page.goto('/admin/account');
    await page.getByText('This device').waitFor();
    await page.getByLabel('Display name').waitFor();
    await page.getByText('No tokens yet.').waitFor();
    expect(unauthorized.length).toBeGreaterThanOrEqual(2);
    expect(refreshes).toHaveLength(1);

    // The new pair is stored: a reload needs no further refresh.
    await page.reload();
    await page.getByText('This device').waitFor();
    expect(refreshes).toHaveLength(1);
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('fits the sign-in screen on a phone', async () => {
    const phone = await c.newPage(PHONE);
    await phone.goto('/admin/login');
    await phone.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await phone.getByRole('button', { name: 'Forgot password?' }).waitFor();
    await expectNoSidewaysScroll(phone);
    await c.screenshot('login-phone', phone);
    expect(c.errors).toEqual([]);
  });
});
