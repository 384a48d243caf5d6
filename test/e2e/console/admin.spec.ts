import type { Page } from 'playwright-core';
import {
  type ConsoleBrowser,
  expectNoSidewaysScroll,
  openConsole,
  PHONE,
  signIn,
} from '../../setup/console-browser.js';
import { bearer, PASSWORD, registerUser, uniqueEmail, type SignedIn } from '../../factories/users.js';

/** Waits until the page has no request in flight, so "nothing shown" is a settled answer. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
}

describe('Console account and administration', () => {
  let c: ConsoleBrowser;
  let admin: SignedIn;
  let member: Page;
  const memberEmail = uniqueEmail('bea');

  beforeAll(async () => {
    c = await openConsole();
    admin = await registerUser(c.t.app, { displayName: 'Ada' });
    await signIn(c.page, admin.user.email, PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await c?.close();
  });

  it('creates an invite whose link, shown once, lets a second person register', async () => {
    const { page } = c;
    await page.getByRole('menuitem', { name: 'Invites' }).click();
    await page.getByRole('link', { name: 'Invite someone' }).click();
    expect(await page.getByRole('radio', { name: /^Member/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create invite' }).click();
    const link = await page.getByRole('textbox', { name: 'Invite link' }).inputValue();
    expect(link).toMatch(/\/admin\/register\?invite=[\w-]{16,}$/);
    await page.getByRole('button', { name: 'Copy invite link' }).waitFor();
    await page.getByRole('link', { name: 'Back to invites' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Anyone with the link' });
    await row.getByText('Open').waitFor();
    await c.screenshot('invites');

    member = await c.newPage();
    await member.goto(new URL(link).pathname + new URL(link).search);
    await member.getByRole('heading', { name: 'Join your household' }).waitFor();
    await member.getByLabel('Your name').fill('Bea');
    await member.getByLabel('Email').fill(memberEmail);
    await member.getByLabel(/^Password/).fill(PASSWORD);
    await member.getByRole('button', { name: 'Join' }).click();
    await member.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // A member has no Admin section, but may add to the collection.
    expect(await member.getByRole('navigation', { name: 'Admin' }).count()).toBe(0);
    await member.goto('/admin/whiskies');
    await member.getByRole('link', { name: 'Create' }).waitFor();

    await page.reload();
    await row.getByText('Used').waitFor();
    expect(c.errors).toEqual([]);
  }, 90_000);

  it('revokes an open invite', async () => {
    const { page } = c;
    await c.t.app.inject({
      method: 'POST',
      url: '/api/v1/invites',
      headers: bearer(admin.accessToken),
      payload: { role: 'read_only', email: 'guest@example.org' },
    });
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'guest@example.org' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Invite revoked').waitFor();
    await row.getByText('Revoked').waitFor();
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('makes the new member read-only, who then sees no Admin section and no create buttons', async () => {
    const { page } = c;
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByRole('cell', { name: 'Ada (you)' }).waitFor();
    await page.getByRole('cell', { name: 'Bea', exact: true }).waitFor();
    await c.screenshot('users');
    await page.getByRole('cell', { name: 'Bea', exact: true }).click();
    await page.getByRole('radio', { name: /^Read-only/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'Bea' }).getByText('Read-only').waitFor();
    const bea = await c.t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: memberEmail, password: PASSWORD },
    });
    expect(bea.json<SignedIn>().user.role).toBe('read_only');

    await signOut(member);
    await signIn(member, memberEmail, PASSWORD);
    expect(await member.getByRole('navigation', { name: 'Admin' }).count()).toBe(0);
    await member.goto('/admin/whiskies');
    await settled(member);
    expect(await member.getByRole('link', { name: 'Create' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: 'Create' }).count()).toBe(0);
    expect(c.errors).toEqual([]);
  }, 90_000);

  it('does not let the last admin be disabled, and says why', async () => {
    const { page } = c;
    await page.getByRole('cell', { name: 'Ada (you)' }).click();
    await page.getByText('You cannot disable yourself.').waitFor();
    await page.getByRole('radio', { name: /^Member/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The household needs at least one enabled admin').waitFor();
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('creates an API token in My account, shows it once, and it works against the API', async () => {
    const { page } = c;
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('menuitem', { name: 'My account' }).click();
    await page.getByText('This device').waitFor();
    await c.screenshot('account');

    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API token' });
    await dialog.getByLabel(/^Name/).fill('Home Assistant');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const created = page.getByRole('dialog', { name: 'Token created' });
    const token = await created.getByRole('textbox', { name: 'API token' }).inputValue();
    expect(token).toMatch(/^wt_/);
    await created.getByText('it cannot be shown again').waitFor();
    await c.screenshot('account-token-created');
    await created.getByRole('button', { name: 'Done' }).click();
    const item = page.getByRole('list', { name: 'API tokens' }).getByRole('listitem');
    await item.filter({ hasText: 'Home Assistant' }).getByText('Read only').waitFor();
    expect(await page.getByText(token).count()).toBe(0);

    const read = await c.t.app.inject({ method: 'GET', url: '/api/v1/whiskies', headers: bearer(token) });
    expect(read.statusCode).toBe(200);
    const write = await c.t.app.inject({
      method: 'POST',
      url: '/api/v1/whiskies',
      headers: bearer(token),
      payload: { name: 'Not with a read token' },
    });
    expect(write.statusCode).toBe(403);

    await item.filter({ hasText: 'Home Assistant' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Token revoked').waitFor();
    await page.getByText('No tokens yet.').waitFor();
    const revoked = await c.t.app.inject({ method: 'GET', url: '/api/v1/whiskies', headers: bearer(token) });
    expect(revoked.statusCode).toBe(401);
    expect(c.errors).toEqual([]);
  }, 90_000);

  it('signs out another device and saves the profile', async () => {
    const { page } = c;
    // The admin's API registration left a second session ("lightMyRequest" as its device).
    const devices = page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');
    const other = devices.filter({ hasNotText: 'This device' }).first();
    await other.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Device signed out').waitFor();
    const stale = await c.t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: bearer(admin.accessToken),
    });
    expect(stale.statusCode).toBe(401);

    await page.getByLabel(/^Display name/).fill('Ada Lovelace');
    await page.getByLabel(/^Rating scale/).click();
    await page.getByRole('option', { name: '10 points' }).click();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved').waitFor();
    // The app bar's user menu follows the new name (the bar hides while the page is scrolled down).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Profile' }).getByText('Ada Lovelace').waitFor();
    const { accessToken } = (
      await c.t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: admin.user.email, password: PASSWORD },
      })
    ).json<SignedIn>();
    const me = await c.t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(accessToken) });
    expect(me.json()).toMatchObject({ displayName: 'Ada Lovelace', ratingScale: 'points10' });
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('changes the registration mode (instance admin)', async () => {
    const { page } = c;
    await page.getByRole('menuitem', { name: 'Registration' }).click();
    await page.getByRole('radio', { name: /^By invitation/ }).waitFor();
    expect(await page.getByRole('radio', { name: /^By invitation/ }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: /^Open/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Registration mode saved').waitFor();
    const config = await c.t.app.inject({ method: 'GET', url: '/api/v1/auth/config' });
    expect(config.json()).toMatchObject({ registrationMode: 'open' });
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('lists the audit trail newest first, readably, and filters it by action', async () => {
    const { page } = c;
    await page.getByRole('menuitem', { name: 'Audit log' }).click();
    const rows = page.getByRole('row');
    await rows.filter({ hasText: 'Registration mode changed' }).waitFor();
    await rows.filter({ hasText: 'Role changed' }).getByText('from Member to Read-only').waitFor();
    await rows.filter({ hasText: 'Invite created' }).first().waitFor();
    await rows.filter({ hasText: 'API token created' }).waitFor();
    await rows.filter({ hasText: 'Account created' }).first().waitFor();
    // Newest first: the last change made is the first row.
    await expectFirstRow(page, 'Registration mode changed');
    await c.screenshot('audit-log');

    await page.getByRole('combobox', { name: 'Action' }).fill('Role ch');
    await page.getByRole('option', { name: 'Role changed' }).click();
    await page.waitForURL(/action/);
    await page.getByText('from Member to Read-only').waitFor();
    await rows.filter({ hasText: 'Registration mode changed' }).waitFor({ state: 'detached' });
    expect(await rows.filter({ hasText: 'Role changed' }).count()).toBe(1);
    expect(await rows.filter({ hasText: /Signed in|Invite created|Account created/ }).count()).toBe(0);
    expect(c.errors).toEqual([]);
  }, 60_000);

  it('shows the admin screens on a phone', async () => {
    const phone = await c.newPage(PHONE);
    await signIn(phone, admin.user.email, PASSWORD);
    await phone.goto('/admin/users');
    await phone.getByRole('link', { name: /^Bea/ }).waitFor();
    await c.screenshot('users-phone', phone);
    await phone.goto('/admin/account');
    await phone.getByText('This device').waitFor();
    await c.screenshot('account-phone', phone);
    await phone.goto('/admin/audit-events');
    await phone.getByText('Role changed').waitFor();
    await c.screenshot('audit-log-phone', phone);
    await expectNoSidewaysScroll(phone);
    expect(c.errors).toEqual([]);
  }, 60_000);
});

/** The first data row of the list contains `text`. */
async function expectFirstRow(page: Page, text: string): Promise<void> {
  const first = page.getByRole('row').nth(1);
  await first.getByText(text).waitFor();
}
