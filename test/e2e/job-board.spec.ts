import { createTestApp, type TestApp } from '../setup/test-app.js';

const BOARD_TOKEN = 'board-token-0123456789abcdef';

describe('Bull job board at /admin/queues', () => {
  describe('without ADMIN_BOARD_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('is not mounted at all', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/admin/queues' });
      expect(res.statusCode).toBe(404);
    });
  });

  describe('with ADMIN_BOARD_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ ADMIN_BOARD_TOKEN: BOARD_TOKEN });
    });
    afterAll(async () => {
      await t.close();
    });

    it('asks for credentials without the token, and refuses a wrong one', async () => {
      const none = await t.app.inject({ method: 'GET', url: '/admin/queues' });
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Basic /);
      const wrong = await t.app.inject({
        method: 'GET',
        url: '/admin/queues/api/queues',
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.statusCode).toBe(401);
    });

    it('serves the board and its API with the token as bearer or as basic-auth password', async () => {
      const basic = Buffer.from(`admin:${BOARD_TOKEN}`).toString('base64');
      const page = await t.app.inject({
        method: 'GET',
        url: '/admin/queues',
        headers: { authorization: `Basic ${basic}` },
      });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const api = await t.app.inject({
        method: 'GET',
        url: '/admin/queues/api/queues',
        headers: { authorization: `Bearer ${BOARD_TOKEN}` },
      });
      expect(api.statusCode).toBe(200);
      expect(api.json<{ queues: { name: string }[] }>().queues.map((queue) => queue.name)).toContain(
        'system',
      );
    });
  });
});
