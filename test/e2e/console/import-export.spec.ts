import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import yauzl from 'yauzl';
import { openConsole, PHONE, signIn, type ConsoleBrowser } from '../../setup/console-browser.js';
import {
  addMember,
  bearer,
  openRegistration,
  PASSWORD,
  registerUser,
  type SignedIn,
} from '../../factories/users.js';

interface Created {
  id: string;
}

async function unzip(content: Buffer): Promise<Map<string, string>> {
  const zip = await yauzl.fromBufferPromise(content, { lazyEntries: true });
  const entries = new Map<string, string>();
  for await (const entry of zip.eachEntry()) {
    const bytes = Buffer.concat(await (await zip.openReadStreamPromise(entry)).toArray());
    entries.set(entry.fileName, bytes.toString('utf8'));
  }
  return entries;
}

describe('Console import / export', () => {
  let c: ConsoleBrowser;
  let owner: SignedIn;
  let other: SignedIn;
  /** The CSV export (a zip) downloaded by the owner. */
  let exported: Buffer;

  /** Calls the API as `who`, failing on anything but 2xx. */
  async function api<T = Created>(
    who: SignedIn,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
  ) {
    const res = await c.t.app.inject({
      method,
      url: `/api/v1${url}`,
      payload,
      headers: bearer(who.accessToken),
    });
    if (res.statusCode >= 300) throw new Error(`${res.statusCode} from ${method} ${url}: ${res.body}`);
    return res.statusCode === 204 ? (undefined as T) : res.json<T>();
  }
  const bottleTotal = async (who: SignedIn) =>
    (await api<{ total: number }>(who, 'GET', '/bottles?perPage=1')).total;

  /** Signs `who` in on a page of its own and opens Import / export from the menu. */
  async function openPage(who: SignedIn, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await c.newPage(viewport);
    await signIn(page, who.user.email, PASSWORD);
    // On a phone the menu is a drawer, opened from the app bar.
    if (viewport) await page.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('menuitem', { name: 'Import / export' }).click();
    await page.getByRole('region', { name: 'Export', exact: true }).waitFor();
    return page;
  }

  async function download(page: Page, button: string): Promise<Download> {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    return file;
  }

  async function choose(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Choose file' }).click(),
    ]);
    await chooser.setFiles(file);
  }

  /** The cells of a row of the report's "Rows by kind" table: new, changed, unchanged. */
  const counts = (page: Page, kind: string) =>
    page
      .getByRole('table', { name: 'Rows by kind' })
      .getByRole('row', { name: kind })
      .getByRole('cell')
      .allInnerTexts();

  beforeAll(async () => {
    c = await openConsole();
    owner = await registerUser(c.t.app, { displayName: 'Owner' });
    await openRegistration(c.t.app, owner);
    other = await registerUser(c.t.app, { displayName: 'Other household' });
    const cabinet = await api(owner, 'POST', '/locations', { name: 'Cabinet' });
    const talisker = await api(owner, 'POST', '/whiskies', {
      name: 'Talisker 10',
      style: 'single_malt',
      abv: 45.8,
    });
    const kilkerran = await api(owner, 'POST', '/whiskies', {
      name: 'Kilkerran 12',
      style: 'single_malt',
      abv: 46,
    });
    const open = await api(owner, 'POST', '/bottles', { whiskyId: talisker.id, locationId: cabinet.id });
    await api(owner, 'POST', '/bottles', { whiskyId: kilkerran.id, purchasePrice: 55, currency: 'EUR' });
    await api(owner, 'POST', `/bottles/${open.id}/pours`, { ml: 40, reason: 'dram' });
  }, 60_000);
  afterAll(async () => {
    await c?.close();
  });

  it('exports the collection as CSV files that hold it', async () => {
    const page = await openPage(owner);

    const zip = await download(page, 'Download CSV (zip)');
    expect(zip.suggestedFilename()).toMatch(/^whiskey-tracker-\d{4}-\d{2}-\d{2}\.zip$/);
    exported = readFileSync(await zip.path());
    const files = await unzip(exported);
    expect([...files.keys()].sort()).toEqual(['bottles.csv', 'locations.csv', 'pours.csv', 'whiskies.csv']);
    expect(files.get('whiskies.csv')).toContain('Talisker 10');
    expect(files.get('locations.csv')).toContain('Cabinet');

    const bottles = await download(page, 'Download bottles as CSV');
    expect(bottles.suggestedFilename()).toMatch(/^whiskey-tracker-bottles-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await bottles.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^id,whiskyId,/);
    expect(lines).toHaveLength(3);
    expect(c.errors).toEqual([]);
  });

  it('imports that file into another household: dry-run report first, then the real import', async () => {
    const page = await openPage(other);
    await choose(page, { name: 'whiskey-tracker.zip', mimeType: 'application/zip', buffer: exported });
    await page.getByRole('button', { name: 'Check file' }).click();

    const report = page.getByRole('region', { name: 'Import report' });
    await report.getByText('The file is fine').waitFor();
    expect(await counts(page, 'Locations')).toEqual(['1', '0', '0']);
    expect(await counts(page, 'Whiskies')).toEqual(['2', '0', '0']);
    expect(await counts(page, 'Bottles')).toEqual(['2', '0', '0']);
    expect(await counts(page, 'Pours')).toEqual(['1', '0', '0']);
    await c.screenshot('import-report', page);
    expect(await bottleTotal(other)).toBe(0);

    await page.getByRole('button', { name: 'Confirm import' }).click();
    await report.getByText('Imported.').waitFor();
    expect(await page.getByRole('button', { name: 'Confirm import' }).count()).toBe(0);
    expect(await bottleTotal(other)).toBe(2);

    await page.getByRole('menuitem', { name: 'Bottles', exact: true }).click();
    await page.getByText('Kilkerran 12').first().waitFor();
    await page.getByText('Talisker 10').first().waitFor();
    expect(c.errors).toEqual([]);
  });

  it('shows the errors of a broken file row by row, and imports nothing', async () => {
    const page = await openPage(other);
    const broken = 'id,name,style,abv\r\nw1,Glen Nowhere,single_malt,forty\r\nw2,Two,wine,40\r\n';
    await choose(page, { name: 'broken-whiskies.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    // A single CSV needs its kind; the exported file names tell it.
    await page
      .getByRole('combobox', { name: 'Records in this CSV' })
      .filter({ hasText: 'Whiskies' })
      .waitFor();
    await page.getByRole('button', { name: 'Check file' }).click();

    const problems = page.getByRole('table', { name: 'Problems' });
    await problems.waitFor();
    const rows = await problems.getByRole('row').allInnerTexts();
    expect(rows.slice(1).map((row) => row.split('\t').slice(0, 3))).toEqual([
      ['Whiskies', '1', 'abv'],
      ['Whiskies', '2', 'style'],
    ]);
    await page.getByText('The file has 2 problems').waitFor();
    await c.screenshot('import-errors', page);
    expect(await page.getByRole('button', { name: 'Confirm import' }).count()).toBe(0);
    const names = (await api<{ data: { name: string }[] }>(other, 'GET', '/whiskies?perPage=100')).data;
    expect(names.map((whisky) => whisky.name).sort()).toEqual(['Kilkerran 12', 'Talisker 10']);
    expect(c.errors).toEqual([]);
  });

  it('works on a phone: the problems become a list, nothing scrolls sideways', async () => {
    const page = await openPage(other, PHONE);
    const broken = 'id,name,style,abv\r\nw1,Glen Nowhere,single_malt,forty\r\n';
    await choose(page, { name: 'whiskies.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    await page.getByRole('button', { name: 'Check file' }).click();
    const problems = page.getByRole('list', { name: 'Problems' });
    await problems.getByText('abv must be a number').waitFor();
    expect(await problems.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringContaining('Whiskies · row 1 · abv'),
    ]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      PHONE.width,
    );
    await c.screenshot('import-export-phone', page);
    expect(c.errors).toEqual([]);
  });

  it('shows the report of an import the API refuses (422) after a clean dry run', async () => {
    const page = await openPage(other);
    const pours = await download(page, 'Download pours as CSV');
    await choose(page, {
      name: pours.suggestedFilename(),
      mimeType: 'text/csv',
      buffer: readFileSync(await pours.path()),
    });
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('region', { name: 'Import report' }).getByText('The file is fine').waitFor();
    // Meanwhile the bottle the pour came from is deleted: the real import finds the file wrong.
    const { data } = await api<{ data: { id: string; whisky: { name: string } }[] }>(
      other,
      'GET',
      '/bottles',
    );
    const poured = data.find((bottle) => bottle.whisky.name === 'Talisker 10')!;
    await api(other, 'DELETE', `/bottles/${poured.id}`);

    await page.getByRole('button', { name: 'Confirm import' }).click();
    const report = page.getByRole('region', { name: 'Import report' });
    await report.getByText('nothing was imported').waitFor();
    await c.screenshot('import-refused', page);
    expect(c.errors).toEqual([]);
  });

  it('lets read-only members export but not import', async () => {
    const reader = await addMember(c.t.app, owner, 'read_only', 'reader');
    const page = await openPage(reader);
    await page.getByText('Your account is read-only').waitFor();
    expect(await page.getByRole('region', { name: 'Import', exact: true }).count()).toBe(0);
    const json = await download(page, 'Download JSON');
    const document = JSON.parse(readFileSync(await json.path(), 'utf8')) as { whiskies: unknown[] };
    expect(document.whiskies).toHaveLength(2);
    await c.screenshot('import-export-read-only', page);
    expect(c.errors).toEqual([]);
  });
});
