import type { Locator, Page } from 'playwright-core';
import { openConsole, PHONE, signIn, type ConsoleBrowser } from '../../setup/console-browser.js';
import { addMember, bearer, PASSWORD, registerUser, type SignedIn } from '../../factories/users.js';

interface Created {
  id: string;
}

/** Calls the API as `who`, failing on anything but 2xx. */
async function api<T = Created>(c: ConsoleBrowser, who: SignedIn, url: string, payload?: object): Promise<T> {
  const res = await c.t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    headers: bearer(who.accessToken),
  });
  if (res.statusCode >= 300) throw new Error(`${res.statusCode} from POST ${url}: ${res.body}`);
  return res.json<T>();
}

/** A whisky and a full bottle of it. */
async function bottleOf(c: ConsoleBrowser, who: SignedIn, name: string, abv: number): Promise<Created> {
  const whisky = await api(c, who, '/whiskies', { name, style: 'single_malt', abv });
  return api(c, who, '/bottles', { whiskyId: whisky.id, sizeMl: 700 });
}

/** Picks `option` of the autocomplete labelled `label` after typing `search`. */
async function pick(page: Page, label: string, search: string, option: RegExp): Promise<void> {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).click();
}

/** What the clipboard of `page` holds. */
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** The card of a sample in live mode or on the guest page (only the current one is visible). */
const sample = (page: Page, label: string): Locator => page.getByRole('region', { name: label });

/** Writes a note on the visible sample card and saves it. */
async function note(
  page: Page,
  label: string,
  values: { score: string; nose: string; flavours?: [family: string, tag: string][]; guess?: string },
): Promise<void> {
  const card = sample(page, label);
  await card.getByLabel('Score (100 points)', { exact: true }).fill(values.score);
  await card.getByLabel('Nose').fill(values.nose);
  for (const [family, tag] of values.flavours ?? []) {
    await card.getByRole('tab', { name: family }).click();
    await card
      .getByRole('group', { name: `${family} flavours` })
      .getByRole('button', { name: tag })
      .click();
  }
  if (values.guess) await card.getByLabel('Your guess').fill(values.guess);
  await card.getByRole('button', { name: 'Save note' }).click();
  await card.getByText(/^Saved at /).waitFor();
  await page.getByRole('button', { name: `${label}, noted` }).waitFor();
}

describe('Console tastings', () => {
  let c: ConsoleBrowser;
  let host: SignedIn;
  let bottles: Created[];

  beforeAll(async () => {
    c = await openConsole();
    host = await registerUser(c.t.app, { displayName: 'Ada' });
    bottles = [await bottleOf(c, host, 'Lagavulin 16', 43), await bottleOf(c, host, 'Talisker 10', 45.8)];
    await c.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: c.baseUrl });
    c.context.setDefaultTimeout(10_000);
  }, 60_000);
  afterAll(async () => {
    await c?.close();
  });

  it('plans a blind session with a guest, tastes it live on phones, reveals, ranks and shares it', async () => {
    const { page } = c;
    await signIn(page, host.user.email, PASSWORD);

    // Plan: a blind session of two samples, and a guest whose link is copied.
    await page.goto('/admin/sessions');
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByLabel('Title').fill('Islay night');
    await page.getByLabel('Starts at').fill('2026-12-05T19:30');
    await page.getByLabel('Place').fill("Ada's kitchen");
    await page.getByLabel('Blind tasting').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Islay night', level: 1 }).waitFor();

    for (const [position, search, whisky] of [
      [1, 'Laga', 'Lagavulin 16'],
      [2, 'Talis', 'Talisker 10'],
    ] as const) {
      await pick(page, 'Bottle', search, new RegExp(whisky));
      await page.getByRole('button', { name: 'Add sample' }).click();
      await page.getByText(`Sample ${position}: ${whisky}`).waitFor();
    }

    await page.getByRole('button', { name: 'Measure of Sample 2: 20 ml each' }).click();
    await page.getByRole('dialog').getByLabel('ml each').fill('15');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Measure of Sample 2: 15 ml each' }).waitFor();
    await page.getByRole('button', { name: 'Move Sample 2 up' }).click();
    await page.getByText('Sample 1: Talisker 10').waitFor();
    await page.getByRole('button', { name: 'Move Sample 2 up' }).click();
    await page.getByText('Sample 1: Lagavulin 16').waitFor();

    await page.getByLabel('Guest name').fill('Gina');
    await page.getByRole('button', { name: 'Add guest' }).click();
    const dialog = page.getByRole('dialog', { name: 'Link for Gina' });
    const guestLink = await dialog.getByLabel('Guest link', { exact: true }).inputValue();
    expect(guestLink).toMatch(/\/admin\/guest\/[\w-]+$/);
    await dialog.getByRole('button', { name: 'Copy guest link' }).click();
    await page.getByText('Link copied').waitFor();
    expect(await clipboard(page)).toBe(guestLink);
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The link stays at hand next to the guest (a trial click also waits for the dialog to fade out).
    await page.getByRole('button', { name: 'Guest link of Gina' }).click({ trial: true });
    await page.getByText('Guest (no account)').waitFor();
    await c.screenshot('tastings-plan');

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Place').fill("Ada's kitchen table");
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText("Ada's kitchen table").waitFor();

    await page.goto('/admin/sessions');
    await page.getByRole('cell', { name: 'Islay night' }).waitFor();
    await c.screenshot('tastings-sessions-list');
    await page.getByRole('cell', { name: 'Islay night' }).click();

    // The guest opens the link on a phone before the start: the page waits for the host.
    const guest = await c.newPage(PHONE);
    guest.setDefaultTimeout(10_000);
    await guest.goto(new URL(guestLink).pathname);
    await guest.getByText('The tasting has not started yet').waitFor();

    // The host takes a phone to the table, starts, and notes both samples in live mode.
    await page.setViewportSize(PHONE);
    await page.reload(); // as a phone opens it: the side menu starts closed
    await page.getByText('Sample 2: Talisker 10').waitFor();
    await c.screenshot('tastings-plan-phone');
    await page.getByRole('button', { name: 'Start tasting' }).click();
    await page.waitForURL(/\/live$/);
    await note(page, 'Sample 1', { score: '88', nose: 'Peat smoke, iodine', flavours: [['Peaty', 'Peaty']] });
    await page.getByRole('button', { name: 'Next' }).click();
    await note(page, 'Sample 2', { score: '75', nose: 'Pepper, sea spray', flavours: [['Spicy', 'Pepper']] });
    await page.getByRole('button', { name: 'Sample 1, noted' }).waitFor();
    await c.screenshot('tastings-live-phone');

    // The guest's page opens the notes; blind samples go by their label, with a guess.
    await guest.reload();
    await sample(guest, 'Sample 1').waitFor();
    await expect(sample(guest, 'Sample 1').getByText('Blind until revealed').isVisible()).resolves.toBe(true);
    await note(guest, 'Sample 1', { score: '80', nose: 'Bonfire', guess: 'Lagavulin 16' });
    await guest.getByRole('button', { name: 'Next' }).click();
    await note(guest, 'Sample 2', { score: '70', nose: 'Salt', guess: 'Something coastal' });
    await c.screenshot('tastings-guest-phone', guest);

    // The host reveals every sample.
    await page.getByRole('button', { name: 'Reveal all' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reveal all' }).click();
    await page.getByText('Every sample is revealed').waitFor();
    await page.getByRole('button', { name: 'Previous' }).click();
    await sample(page, 'Sample 1')
      .getByText(/Lagavulin 16/)
      .waitFor();

    // Results: Lagavulin ranks first (88 and 80 against 75 and 70).
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole('link', { name: 'Results' }).click();
    const ranking = page.getByRole('table', { name: 'Ranking' });
    await ranking.waitFor();
    const rows = ranking.getByRole('row');
    await expect(rows.nth(1).innerText()).resolves.toMatch(/1\s+Lagavulin 16 \(Sample 1\)\s+84 \/ 100/);
    await expect(rows.nth(2).innerText()).resolves.toMatch(/2\s+Talisker 10 \(Sample 2\)\s+72\.5 \/ 100/);
    await page.locator('.recharts-surface').first().waitFor();
    await page.getByText('Gina: Lagavulin 16').waitFor();
    await c.screenshot('tastings-results');

    // Finished, the results get a public link, which anyone can open.
    await page.getByRole('button', { name: 'Finish session' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Finish session' }).click();
    await page.getByRole('button', { name: 'Create public link' }).click();
    const publicLink = await page.getByLabel('Public link', { exact: true }).inputValue();
    await page.getByRole('button', { name: 'Copy public link' }).click();
    await page.getByText('Link copied').waitFor();
    expect(await clipboard(page)).toBe(publicLink);

    const anonymous = await c.newPage(PHONE);
    anonymous.setDefaultTimeout(10_000);
    await anonymous.goto(new URL(publicLink).pathname);
    await anonymous.getByRole('heading', { name: 'Islay night', level: 1 }).waitFor();
    const shared = anonymous.getByRole('table', { name: 'Ranking' });
    await expect(shared.getByRole('row').nth(1).innerText()).resolves.toMatch(/1\s+Lagavulin 16/);
    await c.screenshot('tastings-shared-phone', anonymous);

    // Revoked, the link opens nothing any more.
    await page.getByRole('button', { name: 'Revoke public link' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Public link revoked').waitFor();
    await anonymous.reload();
    await anonymous.getByText('No shared results at this link').waitFor();

    expect(c.errors).toEqual([]);
  }, 120_000);

  it('lists my notes in my rating scale and edits one with the same flavour picker', async () => {
    const { page } = c;
    const me = await c.t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: bearer(host.accessToken),
    });
    const changed = await c.t.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: bearer(host.accessToken),
      payload: { version: me.json<{ version: number }>().version, ratingScale: 'stars5' },
    });
    expect(changed.statusCode).toBe(200);
    await page.goto('/admin/tasting-notes'); // still signed in from the tasting
    const lagavulin = page.getByRole('row', { name: /Lagavulin 16/ });
    await lagavulin.getByRole('link', { name: 'Islay night' }).waitFor();
    await lagavulin.getByText('4.5 ★').waitFor(); // 88 of 100
    await lagavulin.getByText('Peaty').waitFor();
    await page
      .getByRole('row', { name: /Talisker 10/ })
      .getByText('4 ★')
      .waitFor(); // 75 of 100
    await c.screenshot('tastings-notes-list');

    await lagavulin.click();
    await page.getByLabel('Palate').fill('Sweet smoke, sea salt');
    await page.getByRole('radio', { name: '4.5 Stars' }).focus(); // the score, in stars now
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: '5 Stars', exact: true }).isChecked()).resolves.toBe(true);
    await page.getByRole('tab', { name: 'Sweet' }).click();
    await page
      .getByRole('group', { name: 'Sweet flavours' })
      .getByRole('button', { name: 'Vanilla' })
      .click();
    await c.screenshot('tastings-note-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await lagavulin.getByText('5 ★').waitFor();
    await lagavulin.getByText('Vanilla').waitFor();

    expect(c.errors).toEqual([]);
  }, 60_000);

  it('shows a read-only member sessions and notes without any button that changes them', async () => {
    const reader = await addMember(c.t.app, host, 'read_only', 'reader');
    const session = await api(c, host, '/sessions', {
      title: 'Speyside afternoon',
      startsAt: '2026-12-06T15:00:00Z',
      blind: true,
    });
    await api(c, host, `/sessions/${session.id}/participants`, { userId: reader.user.id });
    const page = await c.newPage(PHONE);
    page.setDefaultTimeout(10_000);
    await signIn(page, reader.user.email, PASSWORD);

    await page.goto('/admin/sessions');
    await page.getByRole('link', { name: /Speyside afternoon/ }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('link', { name: 'Create' }).count()).toBe(0);
    await c.screenshot('tastings-sessions-list-phone', page);
    await page.getByRole('link', { name: /Speyside afternoon/ }).click();
    await page.getByRole('heading', { name: 'Speyside afternoon', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    const changing = /^(Create|Edit|Delete|Start tasting|Cancel session|Add guest|Add sample|Add member)$/;
    expect(await page.getByRole('button', { name: changing }).count()).toBe(0);
    expect(await page.getByRole('link', { name: changing }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    await c.screenshot('tastings-plan-read-only-phone', page);

    // Live, the reader follows the blind flight without notes or the host's buttons.
    await api(c, host, `/sessions/${session.id}/items`, { bottleId: bottles[0].id, mlPerParticipant: 10 });
    await api(c, host, `/sessions/${session.id}/start`);
    await page.goto(`/admin/sessions/${session.id}/live`);
    await page.getByText('You follow this tasting without taking notes').waitFor();
    await sample(page, 'Sample 1').getByText('Blind until revealed').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('button', { name: /^(Reveal|Finish|Cancel|Save note)/ }).count()).toBe(0);

    expect(c.errors).toEqual([]);
  }, 60_000);
});
