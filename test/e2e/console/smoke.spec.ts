import { openConsole, type ConsoleBrowser } from '../../setup/console-browser.js';

describe('Console in Chromium', () => {
  let c: ConsoleBrowser;
  beforeAll(async () => {
    c = await openConsole();
  }, 60_000);
  afterAll(async () => {
    await c?.close();
  });

  it('loads at /admin', async () => {
    await c.page.goto('/admin');
    await c.page.waitForLoadState('networkidle');
    await c.screenshot('smoke');
    expect(c.errors).toEqual([]);
  });
});
