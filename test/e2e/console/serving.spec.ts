import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_DIST } from '../../../src/console/console-assets.js';
import { createTestApp, type TestApp } from '../../setup/test-app.js';

/**
 * What a browser fetches before the first screen, gzip-compressed, at most: 10 % over the 392,225 B
 * the console weighed before its storage, backup and sign-in screens, which must load on first use.
 */
const FIRST_LOAD_BUDGET_BYTES = 431_000;

/** Texts of screens that must stay out of the first load (lazy: administration, My account). */
const LAZY_SCREEN_TEXTS = [
  'Reset two-factor sign-in', // users
  'Add passkey', // My account → Security
  'Extra age recipients', // backup policy form
  'Path-style addressing', // storage provider form
  'Roles from groups', // SSO provider
];

describe('Console serving at /admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the console page, never cached, so a new release is picked up', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="root">');
  });

  it('answers deep links (e.g. a guest link from a mail) with the page, for the console router', async () => {
    for (const url of ['/admin/bottles/0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3/show', '/admin/guest/abc']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode, page: res.body.includes('<div id="root">') }).toEqual({
        url,
        status: 200,
        page: true,
      });
    }
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const asset = readdirSync(join(CONSOLE_DIST, 'assets')).find((name) => name.endsWith('.js'));
    const res = await t.app.inject({ method: 'GET', url: `/admin/assets/${asset}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers a missing asset with 404, not with the page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/assets/index-gone.js' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('leaves /admin/queues to the job board', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/queues' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ detail: expect.stringContaining('job board') });
  });

  it('sends the security headers on the console page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps the first load small: one page of scripts within budget, without the lazy screens', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/admin' });
    const urls = [...page.body.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+\.(?:js|css))"/g)].map(
      ([, url]) => url,
    );
    expect(urls.length).toBeGreaterThan(0);
    const files = await Promise.all(
      urls.map(async (url) => {
        const res = await t.app.inject({ method: 'GET', url });
        expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
        return res.rawPayload;
      }),
    );
    const gzipped = files.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
    expect(gzipped).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);

    const text = files.map((body) => body.toString('utf8')).join('\n');
    expect(text).toContain('Create an account'); // the sign-in page is in it
    expect(LAZY_SCREEN_TEXTS.filter((screen) => text.includes(screen))).toEqual([]);
  });
});
