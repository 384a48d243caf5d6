// page.waitForFunction callbacks run in the browser:
/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { startRcloneServe } from '../../contract/support/servers.js';
import { startSlowLink } from '../../contract/support/slow-link.js';
import { addMember, bearer, PASSWORD, registerUser, type SignedIn } from '../../factories/users.js';
import {
  expectNoSidewaysScroll,
  openConsole,
  PHONE,
  signIn,
  type ConsoleBrowser,
} from '../../setup/console-browser.js';

/** The public half of a key kept away from the server (`age-keygen -y`). */
const OFFLINE_RECIPIENT = 'age10pq3tsnhrpv8mjvm9mvw5xhxnmukggx73w926sjk3nlaxv0pvpdqxe964u';

/** A backup, its quick check and a restore each take seconds; a loaded CI machine may need minutes. */
const SLOW = 180_000;
jest.setTimeout(300_000);

describe('Console: backups', () => {
  let c: ConsoleBrowser;
  let admin: SignedIn;
  let runId: string;
  let runUrl: string;

  beforeAll(async () => {
    // `any`: the WebDAV share of the slow-backup test is on this machine (loopback).
    c = await openConsole({ STORAGE_TARGETS: 'any' });
    admin = await registerUser(c.t.app, { displayName: 'Keeper' });
    const root = join(c.t.config.dataDir, 'backup-target');
    await mkdir(root);
    await api(
      'POST',
      '/api/v1/storage/providers',
      { name: 'Local folder', settings: { type: 'local', root } },
      201,
    );
    await api(
      'POST',
      '/api/v1/whiskies',
      { name: 'Backed-up Talisker', style: 'single_malt', abv: 45.8 },
      201,
    );
    await signIn(c.page, admin.user.email, PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await c?.close();
  });

  async function api<T>(
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    status = 200,
    who: SignedIn = admin,
  ): Promise<T> {
    const res = await c.t.app.inject({ method, url, payload, headers: bearer(who.accessToken) });
    if (res.statusCode !== status) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  }

  /** Fails when the page is wider than the viewport (a phone would scroll sideways). */
  it('creates a policy through the form, runs it now and follows the run until it is verified', async () => {
    const page = c.page;
    await page.goto('/admin/backup-policies/create');
    await page.getByLabel('Name').fill('Nightly to the folder');
    await page.getByLabel(/^Schedule \(cron\)/).fill('30 2 * * *');
    await page.getByTestId('cron-description').getByText('At 02:30').waitFor();
    await page.getByRole('checkbox', { name: 'Local folder' }).check();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const extraKey = page.getByLabel('Public key');
    await extraKey.fill('age1-not-a-key');
    await page.getByLabel('Last', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('An age public key: age1 followed by 58 characters').waitFor();
    await extraKey.fill(OFFLINE_RECIPIENT);
    await page.getByRole('button', { name: 'Save' }).click();

    // The saved policy: its next five runs from the API, and the retention preview (no runs yet).
    const nextRuns = page.getByRole('list', { name: 'Next runs' });
    await nextRuns.waitFor();
    expect(await nextRuns.getByRole('listitem').count()).toBe(5);
    await page.getByText('This policy has no backups yet.').waitFor();
    await c.screenshot('backup-policy-edit');

    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/\/admin\/backup-runs\/[0-9a-f-]+\/show$/);
    runUrl = new URL(page.url()).pathname;
    runId = /backup-runs\/([0-9a-f-]+)\/show/.exec(runUrl)?.[1] ?? '';
    // Either still going (with its bar) or already done: the page never needs a reload to tell.
    await page
      .getByRole('progressbar', { name: 'Backup progress' })
      .or(page.getByText('Succeeded', { exact: true }))
      .or(page.getByText('Verified', { exact: true }))
      .first()
      .waitFor();
    await page.getByText('Verified', { exact: true }).first().waitFor({ timeout: SLOW });
    const checks = page.getByRole('region', { name: 'Verifications' });
    await checks.getByText('Quick check').waitFor();
    await checks.getByText('passed').waitFor();
    const contents = page.getByRole('table', { name: 'Tables and row counts' });
    await contents.getByRole('row', { name: /public\.whisky\s+1$/ }).waitFor();
    await page.getByRole('region', { name: 'Targets' }).getByText('Complete').waitFor();
    const saved = await api<{ data: { name: string; recipients: string[] }[] }>(
      'GET',
      '/api/v1/backups/policies',
    );
    expect(saved.data.find((policy) => policy.name === 'Nightly to the folder')?.recipients).toEqual([
      OFFLINE_RECIPIENT,
    ]);

    // The deeper checks, asked for from the page: each adds its result without a reload.
    for (const level of ['Full check', 'Restore drill']) {
      await page.getByRole('group', { name: 'Verify' }).getByRole('button', { name: level }).click();
      await checks
        .getByRole('alert')
        .filter({ hasText: level })
        .getByText('passed')
        .waitFor({ timeout: SLOW });
    }
    await c.screenshot('backup-run-show');

    await page.goto('/admin/backup-runs');
    await page
      .getByRole('row', { name: /Nightly to the folder/ })
      .getByText('Verified')
      .waitFor();
    await c.screenshot('backup-runs-list');
    expect(c.errors).toEqual([]);
  });

  it('shows a green backup health card on the dashboard', async () => {
    await c.page.goto('/admin');
    const card = c.page.getByRole('region', { name: 'Backups' });
    await card.locator('[data-health="success"]').waitFor();
    await card.getByText(/Newest verified backup: .*Nightly to the folder/).waitFor();
    await card.getByRole('list', { name: 'Storage used per target' }).getByText('Local folder').waitFor();
    await c.screenshot('dashboard-backup-health');
    expect(c.errors).toEqual([]);
  });

  it('restores the backup after the typed confirmation, undoing what changed since', async () => {
    await api(
      'POST',
      '/api/v1/whiskies',
      { name: 'Bought after the backup', style: 'bourbon', abv: 50 },
      201,
    );
    const page = c.page;
    await page.goto(runUrl);
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore this backup' });
    await dialog.getByText('A safety backup of the current database is taken first').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Restore', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type the backup id to confirm').fill(runId.slice(0, 8));
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type the backup id to confirm').fill(runId);
    await c.screenshot('backup-restore-dialog');
    await confirm.click();
    await dialog.getByText(/Restore finished/).waitFor({ timeout: SLOW });
    await dialog.getByText(/safety backup/).waitFor();
    await c.screenshot('backup-restore-done');

    const whiskies = await api<{ data: { name: string }[] }>('GET', '/api/v1/whiskies');
    expect(whiskies.data.map((whisky) => whisky.name)).toEqual(['Backed-up Talisker']);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByText(/Last restore .*succeeded/).waitFor();
    expect(c.errors).toEqual([]);
  });

  it('downloads the encryption key after the password is entered again', async () => {
    const page = c.page;
    await page.goto('/admin/backups/identity');
    await page.getByText('Backups cannot be restored without this key').waitFor();
    await page.getByText(/Never downloaded/).waitFor();
    await c.screenshot('backup-identity');
    await page.getByLabel('Your password').fill(PASSWORD);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download key' }).click(),
    ]);
    const text = await readFile(await download.path(), 'utf8');
    expect(text.startsWith('# Whiskey Tracker backup identity')).toBe(true);
    expect(text).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/m);
    await page.getByText(/Last downloaded/).waitFor();
    expect(c.errors).toEqual([]);
  });

  it('shows a read-only member none of the backup screens, and the API refuses them', async () => {
    const reader = await addMember(c.t.app, admin, 'read_only', 'reader');
    for (const url of ['/api/v1/backups/runs', '/api/v1/backups/policies', '/api/v1/backups/identity']) {
      const res = await c.t.app.inject({ method: 'GET', url, headers: bearer(reader.accessToken) });
      expect(res.statusCode).toBe(403);
    }
    const page = await c.newPage();
    await signIn(page, reader.user.email, PASSWORD);
    await page.waitForLoadState('networkidle');
    for (const entry of ['Backups', 'Backup policies', 'Encryption key', 'Storage providers']) {
      expect(await page.getByRole('menuitem', { name: entry }).count()).toBe(0);
    }
    expect(await page.getByRole('region', { name: 'Backups' }).count()).toBe(0);
    await page.goto('/admin/backup-runs');
    await page.getByText('Backups are managed by the administrators of this installation.').waitFor();
    await page.goto('/admin/backups/identity');
    await page.getByText('Backups are managed by the administrators of this installation.').waitFor();
    expect(await page.getByText('Download key').count()).toBe(0);
    await page.close();
    expect(c.errors).toEqual([]);
  });

  it('works on a phone', async () => {
    const page = await c.newPage(PHONE);
    await signIn(page, admin.user.email, PASSWORD);
    await page.getByRole('region', { name: 'Backups' }).locator('[data-health="success"]').waitFor();
    await expectNoSidewaysScroll(page);
    await c.screenshot('phone-dashboard-backups', page);

    await page.goto('/admin/backup-runs');
    await page.getByText('Nightly to the folder').first().waitFor();
    await expectNoSidewaysScroll(page);
    await c.screenshot('phone-backup-runs', page);

    await page.goto(runUrl);
    await page.getByRole('region', { name: 'Verifications' }).getByText('passed').first().waitFor();
    await expectNoSidewaysScroll(page);
    await c.screenshot('phone-backup-run', page);

    await page.goto('/admin/backup-policies');
    await page.getByText('Nightly to the folder').click();
    await page.getByRole('list', { name: 'Next runs' }).waitFor();
    await page.getByRole('region', { name: 'Retention preview' }).getByText('Kept').first().waitFor();
    await expectNoSidewaysScroll(page);
    await c.screenshot('phone-backup-policy', page);

    await page.goto('/admin/backups/identity');
    await page.getByRole('button', { name: 'Download key' }).waitFor();
    await expectNoSidewaysScroll(page);
    await c.screenshot('phone-backup-identity', page);
    await page.close();
    expect(c.errors).toEqual([]);
  });

  it('follows a slow backup to a WebDAV share set up in the console: the progress bar moves until it succeeds', async () => {
    const home = await mkdtemp(join(tmpdir(), 'whiskey-webdav-'));
    await mkdir(join(home, 'share'));
    const webdav = await startRcloneServe('webdav', join(home, 'share'), home, {
      user: 'nas',
      pass: 'nas-secret',
    });
    // A NAS behind a weak uplink: 4 MB/s up, and 24 MB of incompressible rows to send.
    const link = await startSlowLink(webdav.port, 4 * 1024 * 1024);
    const connection = c.t.app.get(MikroORM).em.getConnection();
    await connection.execute('create table slow_link_ballast (data bytea)');
    await connection.execute(
      `insert into slow_link_ballast select decode(string_agg(md5(random()::text || n::text), ''), 'hex')
         from generate_series(1, 24 * 65536) as n group by n % 24`,
    );
    try {
      const page = c.page;
      await page.goto('/admin/storage-providers/create');
      await page.getByLabel('Name').fill('NAS');
      await page.getByRole('radio', { name: 'WebDAV' }).check();
      await page.getByLabel('URL').fill(`http://127.0.0.1:${link.port}/`);
      await page.getByLabel('User').fill('nas');
      await page.getByRole('textbox', { name: /^Password/ }).fill('nas-secret');
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText('The connection works').waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Storage provider NAS').waitFor();
      await page.getByRole('button', { name: 'Replace password' }).waitFor();

      const providers = await api<{ data: { id: string; name: string }[] }>(
        'GET',
        '/api/v1/storage/providers',
      );
      const nas = providers.data.find((provider) => provider.name === 'NAS')!;
      const policy = await api<{ id: string }>(
        'POST',
        '/api/v1/backups/policies',
        {
          name: 'To the NAS',
          schedule: '0 4 * * *',
          timeZone: 'UTC',
          targetIds: [nas.id],
          includePhotos: false,
          retention: { last: 3 },
        },
        201,
      );
      await page.goto(`/admin/backup-policies/${policy.id}`);
      // Every value the run's progress bar takes, recorded in the page as the console updates it.
      await page.evaluate(() => {
        const seen: number[] = [];
        (window as unknown as { progressSeen: number[] }).progressSeen = seen;
        new MutationObserver(() => {
          const bar = document.querySelector('[role="progressbar"][aria-label="Backup progress"]');
          const value = Number(bar?.getAttribute('aria-valuenow'));
          if (bar && !Number.isNaN(value) && seen.at(-1) !== value) seen.push(value);
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      await page.getByRole('button', { name: 'Run now' }).click();
      await page.waitForURL(/\/admin\/backup-runs\/[0-9a-f-]+\/show$/);
      await page.getByRole('progressbar', { name: 'Backup progress' }).waitFor();
      await c.screenshot('backup-run-progress');
      await page
        .getByText('Succeeded', { exact: true })
        .or(page.getByText('Verified', { exact: true }))
        .first()
        .waitFor({ timeout: SLOW });
      const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
      const between = seen.filter((value) => value > 0 && value < 100);
      expect(between.length).toBeGreaterThanOrEqual(2);
      expect(between).toEqual([...between].sort((a, b) => a - b));
      await page.getByRole('region', { name: 'Targets' }).getByText('Complete').waitFor();
      expect(c.errors).toEqual([]);
    } finally {
      await connection.execute('drop table slow_link_ballast');
      await link.close();
      await webdav.stop();
      await rm(home, { recursive: true, force: true });
    }
  });
});
