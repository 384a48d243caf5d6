import type { Page } from 'playwright-core';
import { openConsole, PHONE, signIn, type ConsoleBrowser } from '../../setup/console-browser.js';
import { addMember, bearer, PASSWORD, registerUser, type SignedIn } from '../../factories/users.js';

const GRAFANA_URL = 'http://grafana.example.test:3001';

interface Created {
  id: string;
}

/** Calls the API as `who` and returns the answer, failing on anything but 2xx. */
async function api<T = Created>(
  c: ConsoleBrowser,
  who: SignedIn,
  method: 'POST' | 'GET',
  url: string,
  payload?: object,
): Promise<T> {
  const res = await c.t.app.inject({
    method,
    url: `/api/v1${url}`,
    payload,
    headers: bearer(who.accessToken),
  });
  if (res.statusCode >= 300) throw new Error(`${res.statusCode} from ${method} ${url}: ${res.body}`);
  return res.json<T>();
}

/** The "Collection" card's figures, by label. */
async function figures(page: Page): Promise<Record<string, string>> {
  const collection = page.getByRole('region', { name: 'Collection' });
  await collection.getByRole('definition').first().waitFor();
  const labels = await collection.getByRole('term').allInnerTexts();
  const values = await collection.getByRole('definition').allInnerTexts();
  return Object.fromEntries(labels.map((label, index) => [label, values[index]]));
}

describe('Console dashboard', () => {
  describe('with a collection', () => {
    let c: ConsoleBrowser;
    let admin: SignedIn;
    let lowBottle: Created;
    let session: Created;

    beforeAll(async () => {
      c = await openConsole({ GRAFANA_URL });
      admin = await registerUser(c.t.app, { displayName: 'Ada' });
      const whisky = (name: string, country: string, style: string, abv: number) =>
        api(c, admin, 'POST', '/whiskies', { name, country, style, abv });
      const talisker = await whisky('Talisker 10', 'Scotland', 'single_malt', 45.8);
      const buffalo = await whisky('Buffalo Trace', 'USA', 'bourbon', 40);
      const yamazaki = await whisky('Yamazaki 12', 'Japan', 'single_malt', 43);
      const bottle = (whiskyId: string, purchasePrice: number, estimatedValue: number) =>
        api(c, admin, 'POST', '/bottles', { whiskyId, purchasePrice, estimatedValue, currency: 'GBP' });
      await bottle(talisker.id, 40, 45);
      await bottle(buffalo.id, 30, 30);
      lowBottle = await bottle(yamazaki.id, 120, 200);
      // 630 of 700 ml poured: open, 10 % left.
      await api(c, admin, 'POST', `/bottles/${lowBottle.id}/pours`, { ml: 630, reason: 'dram' });
      const tasted = await bottle(talisker.id, 42, 45);
      session = await api(c, admin, 'POST', '/sessions', {
        title: 'Islay night',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      await api(c, admin, 'POST', `/sessions/${session.id}/items`, {
        bottleId: tasted.id,
        mlPerParticipant: 20,
      });
      await api(c, admin, 'POST', `/sessions/${session.id}/start`);
      await api(c, admin, 'POST', `/sessions/${session.id}/finish`);
    }, 60_000);
    afterAll(async () => {
      await c?.close();
    });

    it('shows the counts, the running-low bottle, the last session, the charts and the tools', async () => {
      const { page } = c;
      // Charts drawn at once, as for people who ask for less motion: the screenshot shows them whole.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, admin.user.email, PASSWORD);

      expect(await figures(page)).toMatchObject({
        'Bottles on hand': '4',
        Sealed: '2',
        Open: '2',
        Finished: '0',
      });

      const low = page
        .getByRole('region', { name: 'Running low' })
        .getByRole('link', { name: /Yamazaki 12/ });
      await low.waitFor();
      expect(await low.innerText()).toContain('10 % left');
      expect(await low.getAttribute('href')).toBe(`/admin/bottles/${lowBottle.id}/show`);

      const last = page
        .getByRole('region', { name: 'Tasting sessions' })
        .getByRole('link', { name: /Islay night/ });
      await last.waitFor();
      expect(await last.innerText()).toContain('Finished');
      expect(await last.getAttribute('href')).toBe(`/admin/sessions/${session.id}/show`);

      for (const chart of ['Bottles by status', 'Pours per month', 'By country', 'By style', 'Value']) {
        await page.getByRole('region', { name: chart, exact: true }).locator('svg').first().waitFor();
      }
      const value = page.getByRole('region', { name: 'Value', exact: true });
      expect(await value.innerText()).toContain('£232.00 paid · £320.00 estimated');
      const byCountry = await page.getByRole('region', { name: 'By country' }).innerText();
      expect(byCountry).toEqual(expect.stringContaining('Scotland'));

      const tools = page.getByRole('region', { name: 'Tools' });
      expect(await tools.getByRole('link', { name: /API documentation/ }).getAttribute('href')).toBe(
        '/api/docs',
      );
      expect(await tools.getByRole('link', { name: /Grafana/ }).getAttribute('href')).toBe(GRAFANA_URL);
      await tools.getByRole('button', { name: /Job board/ }).waitFor();

      await page.waitForLoadState('networkidle');
      await c.screenshot('dashboard');
      expect(c.errors).toEqual([]);
    });

    it('stacks its cards on a phone', async () => {
      const phone = await c.newPage(PHONE);
      await phone.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(phone, admin.user.email, PASSWORD);
      await phone.getByRole('region', { name: 'Pours per month' }).locator('svg').first().waitFor();
      await phone.waitForLoadState('networkidle');
      const boxes = await Promise.all(
        (await phone.getByRole('region').all()).map((card) => card.boundingBox()),
      );
      // One column: every card is about as wide as the screen, and nothing scrolls sideways.
      expect(Math.min(...boxes.map((box) => box?.width ?? 0))).toBeGreaterThan(PHONE.width - 60);
      expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );
      await c.screenshot('dashboard-phone', phone);
      expect(c.errors).toEqual([]);
    });
  });

  describe('for a new collection, without Grafana', () => {
    let c: ConsoleBrowser;
    let admin: SignedIn;

    beforeAll(async () => {
      c = await openConsole();
      admin = await registerUser(c.t.app, { displayName: 'Newcomer' });
    }, 60_000);
    afterAll(async () => {
      await c?.close();
    });

    it('points to adding the first whisky, and shows no Grafana link', async () => {
      const { page } = c;
      await signIn(page, admin.user.email, PASSWORD);
      const welcome = page.getByRole('region', { name: 'Your collection is empty' });
      const add = welcome.getByRole('link', { name: 'Add your first whisky' });
      await add.waitFor();
      expect(await add.getAttribute('href')).toBe('/admin/whiskies/create');
      await page
        .getByRole('region', { name: 'Tasting sessions' })
        .getByText('No tasting sessions yet')
        .waitFor();
      const tools = page.getByRole('region', { name: 'Tools' });
      await tools.getByRole('link', { name: /API documentation/ }).waitFor();
      expect(await tools.getByRole('link', { name: /Grafana/ }).count()).toBe(0);
      // No charts for an empty collection: recharts is not even loaded.
      expect(await page.getByRole('region', { name: 'Bottles by status' }).count()).toBe(0);
      await c.screenshot('dashboard-empty');
      expect(c.errors).toEqual([]);
    });

    it('offers the job board to instance admins only', async () => {
      const member = await addMember(c.t.app, admin, 'user');
      const page = await c.newPage();
      await signIn(page, member.user.email, PASSWORD);
      const tools = page.getByRole('region', { name: 'Tools' });
      await tools.getByRole('link', { name: /API documentation/ }).waitFor();
      expect(await tools.getByRole('button', { name: /Job board/ }).count()).toBe(0);
      expect(c.errors).toEqual([]);
    });
  });
});
