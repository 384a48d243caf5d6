import type { Page } from 'playwright-core';
import { openConsole, PHONE, signIn, type ConsoleBrowser } from '../../setup/console-browser.js';
import { addMember, bearer, PASSWORD, registerUser, type SignedIn } from '../../factories/users.js';

const LAGAVULIN_EAN = '5000281005416';
const TALISKER_EAN = '5000281016429';

interface Created {
  id: string;
}

/** Calls the API as `who`, failing on anything but 2xx. */
async function api<T = Created>(c: ConsoleBrowser, who: SignedIn, url: string, payload: object): Promise<T> {
  const res = await c.t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    headers: bearer(who.accessToken),
  });
  if (res.statusCode >= 300) throw new Error(`${res.statusCode} from POST ${url}: ${res.body}`);
  return res.json<T>();
}

/** Picks `option` of the autocomplete labelled `label` after typing `search`. */
async function pick(page: Page, label: string, search: string, option: string | RegExp): Promise<void> {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).click();
}

/** Names of the buttons and button-like links on the page that match `names`. */
async function actionsNamed(page: Page, names: RegExp): Promise<string[]> {
  const found: string[] = [];
  for (const role of ['button', 'link'] as const) {
    for (const action of await page.getByRole(role, { name: names }).all()) {
      found.push((await action.getAttribute('aria-label')) ?? (await action.innerText()));
    }
  }
  return found;
}

/** Waits until the page has settled: data loaded and permission checks answered. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}

describe('Console inventory', () => {
  let c: ConsoleBrowser;
  let admin: SignedIn;

  beforeAll(async () => {
    c = await openConsole();
    admin = await registerUser(c.t.app, { displayName: 'Ada' });
    await api(c, admin, '/whiskies', {
      name: 'Talisker 10',
      distillery: 'Talisker',
      country: 'Scotland',
      region: 'Skye',
      style: 'single_malt',
      abv: 45.8,
      barcodes: [TALISKER_EAN],
    });
    await api(c, admin, '/locations', { name: 'Cabinet' });
  }, 60_000);
  afterAll(async () => {
    await c?.close();
  });

  it('keeps whiskies, bottles, pours and an infinity bottle through the console', async () => {
    const { page } = c;
    await signIn(page, admin.user.email, PASSWORD);

    // A location to keep the bottle at.
    await page.goto('/admin/locations/create');
    await page.getByLabel('Name').fill('Cellar');
    await page.getByLabel('Description').fill('Under the stairs');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Cellar', exact: true }).waitFor();

    // A whisky with its barcode.
    await page.goto('/admin/whiskies/create');
    await page.getByLabel('Name').fill('Lagavulin 16');
    await page.getByLabel('Distillery').fill('Lagavulin');
    await page.getByLabel('Country').fill('Scotland');
    await page.getByLabel('Region').fill('Islay');
    await page.getByLabel('ABV (%)').fill('43');
    await page.getByLabel('Age (years)').fill('16');
    await page.getByLabel('Barcodes').fill(LAGAVULIN_EAN);
    await page.getByLabel('Barcodes').press('Enter');
    await page.getByLabel('Tags').fill('peated');
    await page.getByLabel('Tags').press('Enter');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Lagavulin 16', exact: true }).waitFor();
    const lagavulinId = /\/whiskies\/([^/]+)\/show/.exec(page.url())?.[1] ?? '';
    await api(c, admin, '/tasting-notes', {
      whiskyId: lagavulinId,
      score: 92,
      overall: 'Smoke and sea salt',
    });
    await api(c, admin, '/tasting-notes', { whiskyId: lagavulinId, score: 87, nose: 'Peat, iodine' });

    // The barcode look-up finds it, and only it.
    await page.goto('/admin/whiskies');
    await page.getByRole('cell', { name: 'Talisker 10' }).waitFor();
    await c.screenshot('inventory-whiskies-list');
    await page.getByLabel('Barcode', { exact: true }).fill(LAGAVULIN_EAN);
    await page.getByRole('cell', { name: 'Talisker 10' }).waitFor({ state: 'detached' });
    expect(await page.getByRole('cell', { name: 'Lagavulin 16' }).count()).toBe(1);
    await page.getByRole('cell', { name: 'Lagavulin 16' }).click();
    await page.getByRole('heading', { name: 'Lagavulin 16', exact: true }).waitFor();
    expect(await page.getByText(LAGAVULIN_EAN).count()).toBe(1);

    // A bottle of it, from the whisky's page: the whisky comes prefilled.
    await page.getByRole('link', { name: 'Add a bottle' }).click();
    const whiskyInput = page.getByRole('combobox', { name: 'Whisky' });
    await whiskyInput.and(page.locator('[value="Lagavulin 16"]')).waitFor();
    await pick(page, 'Location', 'Cell', 'Cellar');
    await page.getByLabel('Purchase price').fill('70');
    await page.getByLabel('Currency').fill('GBP');
    await page.getByRole('button', { name: 'Save' }).click();

    // The quick pour of 50 ml moves the fill bar from 100 % to 92.9 % (650 of 700 ml) in place.
    const fill = page.getByRole('progressbar', { name: 'Fill level' });
    await fill.waitFor();
    expect(await fill.getAttribute('aria-valuetext')).toBe('100 %');
    expect(await page.getByText('£2.50').count()).toBe(1); // cost per 25 ml dram: 70 × 25 / 700
    await page.getByRole('button', { name: 'Pour 50 ml' }).click();
    await page.getByText('92.9 %').waitFor();
    expect(await fill.getAttribute('aria-valuetext')).toBe('92.9 %');
    expect(await page.getByText('650 ml of 700 ml left').count()).toBe(1);
    await page.getByRole('cell', { name: '50 ml' }).waitFor();
    await c.screenshot('inventory-bottle-show');

    // Moving it to the cabinet and naming the shop: the edit sends the location as `locationId`.
    await page.getByRole('link', { name: 'Edit' }).click();
    await pick(page, 'Location', 'Cab', 'Cabinet');
    await page.getByLabel('Shop').fill('The Whisky Exchange');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The Whisky Exchange').waitFor();
    await page.getByRole('link', { name: 'Cabinet' }).waitFor();

    // The whisky's page lists the bottle.
    await page.getByRole('link', { name: 'Lagavulin 16' }).first().click();
    await page.getByRole('heading', { name: 'Tasting notes', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Cabinet' }).waitFor();
    expect(await page.getByLabel('Average score').innerText()).toBe('89.5 / 100');
    expect(await page.getByText('Smoke and sea salt').count()).toBe(1);
    await c.screenshot('inventory-whisky-show');

    // The pour is in the ledger.
    await page.getByRole('menuitem', { name: 'Pours', exact: true }).click();
    const ledgerRow = page.getByRole('row').filter({ hasText: 'Lagavulin 16' });
    await ledgerRow.waitFor();
    expect(await ledgerRow.innerText()).toMatch(/50 ml\s+Dram/);

    await page.getByRole('menuitem', { name: 'Bottles', exact: true }).click();
    await page.getByRole('cell', { name: 'Lagavulin 16' }).waitFor();
    await c.screenshot('inventory-bottles-list');

    // An infinity bottle with 30 ml of the bottle in it.
    await page.goto('/admin/infinity-bottles/create');
    await page.getByLabel('Name').fill('The Solera');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'The Solera', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add from bottle' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to The Solera' });
    await pick(page, 'Bottle', 'Laga', 'Lagavulin 16 · 650 ml left · Cabinet');
    await dialog.getByLabel('Millilitres').fill('30');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.waitFor({ state: 'detached' });
    const composition = page.getByRole('table', { name: 'Composition' });
    await composition.getByRole('row', { name: /Lagavulin 16\s+30 ml\s+100 %/ }).waitFor();
    expect(await page.getByRole('progressbar', { name: 'Fill level' }).getAttribute('aria-valuetext')).toBe(
      '4.3 %',
    );
    await page.locator('.recharts-pie').waitFor();
    await c.screenshot('inventory-infinity-bottle-show');

    // The bottle gave those 30 ml: its ledger has the infinity pour too.
    await page.goto('/admin/pours');
    await page.getByRole('row').filter({ hasText: 'Into an infinity bottle' }).waitFor();

    const phone = await c.newPage(PHONE);
    await signIn(phone, admin.user.email, PASSWORD);
    await phone.goto('/admin/bottles');
    await phone.getByText('Lagavulin 16').waitFor();
    await settled(phone);
    await c.screenshot('inventory-bottles-list-phone', phone);

    expect(c.errors).toEqual([]);
  }, 120_000);

  it('shows a read-only member no button that changes the collection', async () => {
    const reader = await addMember(c.t.app, admin, 'read_only', 'reader');
    const whisky = await api(c, admin, '/whiskies', { name: 'Springbank 10', style: 'single_malt', abv: 46 });
    const bottle = await api(c, admin, '/bottles', { whiskyId: whisky.id });
    await api(c, admin, `/bottles/${bottle.id}/pours`, { ml: 25, reason: 'dram' });
    const vessel = await api(c, admin, '/infinity-bottles', { name: 'Reader solera', capacityMl: 500 });
    await api(c, admin, `/infinity-bottles/${vessel.id}/additions`, { bottleId: bottle.id, ml: 20 });
    const page = await c.newPage();
    await signIn(page, reader.user.email, PASSWORD);
    const changing =
      /^(Create|Edit|Delete|Undo|Pour \d+ ml|Other amount…|Open|Finish|Gift|Sell|Add a bottle|Add from bottle)$/;

    await page.goto('/admin/whiskies');
    await page.getByRole('cell', { name: 'Springbank 10' }).waitFor();
    await settled(page);
    expect(await actionsNamed(page, changing)).toEqual([]);

    await page.goto(`/admin/whiskies/${whisky.id}/show`);
    await page.getByRole('heading', { name: 'Springbank 10', exact: true }).waitFor();
    await settled(page);
    expect(await actionsNamed(page, changing)).toEqual([]);

    await page.goto('/admin/bottles');
    await page.getByRole('cell', { name: 'Springbank 10' }).waitFor();
    await settled(page);
    expect(await actionsNamed(page, changing)).toEqual([]);

    await page.goto(`/admin/bottles/${bottle.id}/show`);
    await page.getByRole('progressbar', { name: 'Fill level' }).waitFor();
    await page.getByRole('cell', { name: '25 ml' }).waitFor();
    await settled(page);
    expect(await actionsNamed(page, changing)).toEqual([]);

    await page.goto('/admin/pours');
    await page.getByRole('row').filter({ hasText: 'Springbank 10' }).first().waitFor();
    await settled(page);
    expect(await actionsNamed(page, changing)).toEqual([]);

    await page.goto(`/admin/infinity-bottles/${vessel.id}/show`);
    await page.getByRole('table', { name: 'History' }).waitFor();
    await settled(page);
    expect(await actionsNamed(page, changing)).toEqual([]);

    expect(c.errors).toEqual([]);
  }, 60_000);
});
