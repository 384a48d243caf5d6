import { addMember, bearer, login, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

describe('Bull job board at /admin/queues', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerUser(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  const board = (headers: Record<string, string> = {}, url = '/admin/queues') =>
    t.app.inject({ method: 'GET', url, headers });

  it('refuses anonymous visitors and users who are not instance admins', async () => {
    expect((await board()).statusCode).toBe(401);
    expect((await board({}, '/admin/queues/api/queues')).statusCode).toBe(401);
    const member = await addMember(t.app, admin, 'user');
    expect((await board(bearer(member.accessToken))).statusCode).toBe(401);
    const otherAdmin = await addMember(t.app, admin, 'admin', 'co-admin');
    expect((await board(bearer(otherAdmin.accessToken))).statusCode).toBe(200);
  });

  it("serves the board and its API with an instance admin's access token", async () => {
    const page = await board(bearer(admin.accessToken));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const api = await board(bearer(admin.accessToken), '/admin/queues/api/queues');
    expect(api.statusCode).toBe(200);
    expect(api.json<{ queues: { name: string }[] }>().queues.map((queue) => queue.name)).toContain('system');
  });

  it('opens in a browser with the HttpOnly cookie the console asks for, scoped to the board', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/job-board-session',
      headers: bearer(admin.accessToken),
    });
    expect(res.statusCode).toBe(204);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(
      /^wt_board=[^;]+; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict/,
    );
    const cookie = setCookie.split(';')[0];
    expect((await board({ cookie })).statusCode).toBe(200);
    // The cookie dies with the session it was issued for.
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(admin.accessToken) });
    expect((await board({ cookie })).statusCode).toBe(401);
  });

  it('does not hand the cookie to members', async () => {
    const member = await addMember(t.app, await login(t.app, admin.user.email), 'user', 'curious');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/job-board-session',
      headers: bearer(member.accessToken),
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
