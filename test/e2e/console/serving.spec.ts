import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_DIST } from '../../../src/console/console-assets.js';
import { createTestApp, type TestApp } from '../../setup/test-app.js';

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
});
