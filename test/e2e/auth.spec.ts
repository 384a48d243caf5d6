import { createTestApp, type TestApp } from '../setup/test-app.js';
import {
  addMember,
  bearer,
  login,
  openRegistration,
  PASSWORD,
  registerUser,
  uniqueEmail,
  type SignedIn,
} from '../factories/users.js';

const PROBLEM = /^application\/problem\+json/;

describe('users and authentication', () => {
  let t: TestApp;
  let admin: SignedIn;
  const adminEmail = uniqueEmail('admin');

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, token?: string) =>
    t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
  const send = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, token?: string) =>
    t.app.inject({ method, url, payload, headers: token ? bearer(token) : {} });

  describe('registration', () => {
    it('reports a first run before any account exists', async () => {
      expect((await get('/api/v1/auth/config')).json()).toMatchObject({
        firstRun: true,
        registrationMode: 'invite',
      });
    });

    it('makes the first account the admin of a new founding household', async () => {
      admin = await registerUser(t.app, { email: adminEmail, displayName: 'Ada' });
      expect(admin.user).toMatchObject({ email: adminEmail, role: 'admin' });
      expect((await get('/api/v1/auth/config')).json()).toMatchObject({ firstRun: false });
    });

    it('refuses a second registration without an invite (default mode: invite)', async () => {
      const res = await send('POST', '/api/v1/auth/register', {
        email: uniqueEmail(),
        password: PASSWORD,
        displayName: 'Eve',
      });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });

    it('lets an invite holder join the household with the invited role, once', async () => {
      const invite = await send('POST', '/api/v1/invites', { role: 'user' }, admin.accessToken);
      expect(invite.statusCode).toBe(201);
      const { token } = invite.json<{ token: string }>();
      const member = await registerUser(t.app, { inviteToken: token });
      expect(member.user).toMatchObject({ role: 'user', householdId: admin.user.householdId });
      const again = await send('POST', '/api/v1/auth/register', {
        email: uniqueEmail(),
        password: PASSWORD,
        displayName: 'Mallory',
        inviteToken: token,
      });
      expect(again.statusCode).toBe(422);
    });

    it('refuses a weak or common password and an email that is taken (case-insensitively)', async () => {
      await openRegistration(t.app, admin);
      const weak = await send('POST', '/api/v1/auth/register', {
        email: uniqueEmail(),
        password: 'short',
        displayName: 'Weak',
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('password');
      const common = await send('POST', '/api/v1/auth/register', {
        email: uniqueEmail(),
        password: 'password123',
        displayName: 'C',
      });
      expect(common.statusCode).toBe(400);
      const taken = await send('POST', '/api/v1/auth/register', {
        email: adminEmail.toUpperCase(),
        password: PASSWORD,
        displayName: 'Copy',
      });
      expect(taken.statusCode).toBe(409);
    });

    it('with open registration, a newcomer gets a household of their own', async () => {
      const newcomer = await registerUser(t.app);
      expect(newcomer.user.role).toBe('admin');
      expect(newcomer.user.householdId).not.toBe(admin.user.householdId);
    });
  });

  describe('signing in', () => {
    it('gives the same 401 for a wrong password and for an unknown email', async () => {
      const wrong = await send('POST', '/api/v1/auth/login', {
        email: adminEmail,
        password: 'not the password at all',
      });
      const unknown = await send('POST', '/api/v1/auth/login', {
        email: uniqueEmail('nobody'),
        password: PASSWORD,
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json<{ detail: string }>().detail).toBe(unknown.json<{ detail: string }>().detail);
    });

    it('accepts the right password, whatever the case of the email', async () => {
      const session = await login(t.app, adminEmail.toUpperCase());
      expect(session.user.id).toBe(admin.user.id);
      expect((await get('/api/v1/users/me', session.accessToken)).statusCode).toBe(200);
    });

    it('counts failed and successful logins in the metrics', async () => {
      const body = (await get('/metrics')).body;
      expect(body).toMatch(/whiskey_auth_login_failures_total [1-9]/);
      expect(body).toMatch(/whiskey_auth_logins_total [1-9]/);
    });
  });

  describe('refresh tokens', () => {
    it('rotate: the new pair works and the old refresh token cannot be used twice', async () => {
      const session = await login(t.app, adminEmail);
      const rotated = await send('POST', '/api/v1/auth/refresh', { refreshToken: session.refreshToken });
      expect(rotated.statusCode).toBe(200);
      const next = rotated.json<SignedIn>();
      expect(next.refreshToken).not.toBe(session.refreshToken);
      expect((await get('/api/v1/users/me', next.accessToken)).statusCode).toBe(200);
    });

    it('reuse of an already-used token revokes the whole family and is audited', async () => {
      const session = await login(t.app, adminEmail);
      const next = (
        await send('POST', '/api/v1/auth/refresh', { refreshToken: session.refreshToken })
      ).json<SignedIn>();
      const reuse = await send('POST', '/api/v1/auth/refresh', { refreshToken: session.refreshToken });
      expect(reuse.statusCode).toBe(401);
      // The thief's reuse also kills the legitimate holder's newer tokens.
      expect(
        (await send('POST', '/api/v1/auth/refresh', { refreshToken: next.refreshToken })).statusCode,
      ).toBe(401);
      expect((await get('/api/v1/users/me', next.accessToken)).statusCode).toBe(401);
      const audit = await get('/api/v1/audit-events?action=auth.refresh_token_reused', admin.accessToken);
      expect(audit.json<{ total: number }>().total).toBeGreaterThanOrEqual(1);
    });

    it('logout makes the session and its refresh token useless at once', async () => {
      const session = await login(t.app, adminEmail);
      expect((await send('POST', '/api/v1/auth/logout', undefined, session.accessToken)).statusCode).toBe(
        204,
      );
      expect((await get('/api/v1/users/me', session.accessToken)).statusCode).toBe(401);
      expect(
        (await send('POST', '/api/v1/auth/refresh', { refreshToken: session.refreshToken })).statusCode,
      ).toBe(401);
    });
  });

  describe('sessions', () => {
    it('lists my devices and revokes one of them', async () => {
      const phone = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: adminEmail, password: PASSWORD },
        headers: { 'user-agent': 'WhiskyPhone/1.0' },
      });
      const phoneSession = phone.json<SignedIn>();
      const desktop = await login(t.app, adminEmail);
      const list = await get('/api/v1/auth/sessions', desktop.accessToken);
      const sessions = list.json<{ id: string; device: string; current: boolean }[]>();
      const phoneEntry = sessions.find((s) => s.device === 'WhiskyPhone/1.0');
      expect(phoneEntry).toBeDefined();
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      expect(
        (await send('DELETE', `/api/v1/auth/sessions/${phoneEntry!.id}`, undefined, desktop.accessToken))
          .statusCode,
      ).toBe(204);
      expect((await get('/api/v1/users/me', phoneSession.accessToken)).statusCode).toBe(401);
    });

    it('changing the password signs out every other device and keeps this one signed in', async () => {
      const email = uniqueEmail('changer');
      await registerUser(t.app, { email });
      const other = await login(t.app, email);
      const here = await login(t.app, email);
      const newPassword = 'an even better passphrase';
      const res = await send(
        'POST',
        '/api/v1/users/me/password',
        { currentPassword: PASSWORD, newPassword },
        here.accessToken,
      );
      expect(res.statusCode).toBe(200);
      expect((await get('/api/v1/users/me', other.accessToken)).statusCode).toBe(401);
      expect((await get('/api/v1/users/me', here.accessToken)).statusCode).toBe(401);
      expect((await get('/api/v1/users/me', res.json<SignedIn>().accessToken)).statusCode).toBe(200);
      expect((await send('POST', '/api/v1/auth/login', { email, password: PASSWORD })).statusCode).toBe(401);
      expect((await login(t.app, email, newPassword)).user.email).toBe(email);
    });
  });

  describe('roles and households', () => {
    let readOnly: SignedIn;
    beforeAll(async () => {
      readOnly = await addMember(t.app, admin, 'read_only', 'reader');
    });

    it('read-only users may read but get 403 on writes to the collection', async () => {
      expect((await get('/api/v1/users/me', readOnly.accessToken)).statusCode).toBe(200);
      const res = await send('POST', '/api/v1/invites', { role: 'user' }, readOnly.accessToken);
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });

    it('read-only users may still manage their own account', async () => {
      const me = (await get('/api/v1/users/me', readOnly.accessToken)).json<{ version: number }>();
      const res = await send(
        'PATCH',
        '/api/v1/users/me',
        { version: me.version, ratingScale: 'stars5' },
        readOnly.accessToken,
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ratingScale: 'stars5' });
    });

    it('refuses mass assignment of the role through the profile with 400', async () => {
      const me = (await get('/api/v1/users/me', readOnly.accessToken)).json<{ version: number }>();
      const res = await send(
        'PATCH',
        '/api/v1/users/me',
        { version: me.version, role: 'admin' },
        readOnly.accessToken,
      );
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['role']);
      expect((await get('/api/v1/users/me', readOnly.accessToken)).json()).toMatchObject({
        role: 'read_only',
      });
    });

    it('refuses a profile update based on a stale version with 409', async () => {
      const me = (await get('/api/v1/users/me', readOnly.accessToken)).json<{ version: number }>();
      const res = await send(
        'PATCH',
        '/api/v1/users/me',
        { version: me.version - 1, displayName: 'Late' },
        readOnly.accessToken,
      );
      expect(res.statusCode).toBe(409);
    });

    it("answers 404 for another household's user, exactly like a user that does not exist", async () => {
      const stranger = await registerUser(t.app);
      const theirs = await get(`/api/v1/users/${admin.user.id}`, stranger.accessToken);
      const missing = await get('/api/v1/users/00000000-0000-4000-8000-000000000000', stranger.accessToken);
      expect(theirs.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(theirs.json<{ detail: string }>().detail.replace(admin.user.id, 'X')).toBe(
        missing.json<{ detail: string }>().detail.replace('00000000-0000-4000-8000-000000000000', 'X'),
      );
      const list = (await get('/api/v1/users', stranger.accessToken)).json<{ data: { id: string }[] }>();
      expect(list.data.map((u) => u.id)).toEqual([stranger.user.id]);
    });

    it('an admin cannot demote or disable the last admin of the household', async () => {
      const me = (await get(`/api/v1/users/${admin.user.id}`, admin.accessToken)).json<{ version: number }>();
      const demote = await send(
        'PATCH',
        `/api/v1/users/${admin.user.id}`,
        { version: me.version, role: 'user' },
        admin.accessToken,
      );
      expect(demote.statusCode).toBe(409);
      expect((await get('/api/v1/users/me', admin.accessToken)).json()).toMatchObject({ role: 'admin' });
    });

    it('disabling a user ends their sessions at once and refuses their sign-in', async () => {
      const member = await addMember(t.app, admin, 'user', 'leaver');
      const current = (await get(`/api/v1/users/${member.user.id}`, admin.accessToken)).json<{
        version: number;
      }>();
      const res = await send(
        'PATCH',
        `/api/v1/users/${member.user.id}`,
        { version: current.version, disabled: true },
        admin.accessToken,
      );
      expect(res.statusCode).toBe(200);
      expect((await get('/api/v1/users/me', member.accessToken)).statusCode).toBe(401);
      expect(
        (await send('POST', '/api/v1/auth/login', { email: member.user.email, password: PASSWORD }))
          .statusCode,
      ).toBe(401);
    });

    it('records role changes and logins in the audit trail, for admins only', async () => {
      const member = await addMember(t.app, admin, 'user', 'promoted');
      const current = (await get(`/api/v1/users/${member.user.id}`, admin.accessToken)).json<{
        version: number;
      }>();
      await send(
        'PATCH',
        `/api/v1/users/${member.user.id}`,
        { version: current.version, role: 'read_only' },
        admin.accessToken,
      );
      const audit = await get('/api/v1/audit-events?action=user.role_changed', admin.accessToken);
      expect(audit.json()).toMatchObject({
        data: [
          {
            action: 'user.role_changed',
            targetId: member.user.id,
            details: { from: 'user', to: 'read_only' },
          },
        ],
      });
      expect((await get('/api/v1/audit-events', member.accessToken)).statusCode).toBe(403);
    });
  });

  describe('personal API tokens', () => {
    it('are shown once, work as bearer tokens, and a read token cannot write', async () => {
      const created = await send(
        'POST',
        '/api/v1/auth/api-tokens',
        { name: 'script', scope: 'read' },
        admin.accessToken,
      );
      expect(created.statusCode).toBe(201);
      const { token, id } = created.json<{ token: string; id: string }>();
      expect(token).toMatch(/^wt_/);
      expect((await get('/api/v1/users/me', token)).statusCode).toBe(200);
      expect((await send('POST', '/api/v1/invites', { role: 'user' }, token)).statusCode).toBe(403);
      const listed = (await get('/api/v1/auth/api-tokens', admin.accessToken)).body;
      expect(listed).toContain(id);
      expect(listed).not.toContain(token);
      expect(
        (await send('DELETE', `/api/v1/auth/api-tokens/${id}`, undefined, admin.accessToken)).statusCode,
      ).toBe(204);
      expect((await get('/api/v1/users/me', token)).statusCode).toBe(401);
    });

    it('a write token can write', async () => {
      const { token } = (
        await send('POST', '/api/v1/auth/api-tokens', { name: 'w', scope: 'write' }, admin.accessToken)
      ).json<{
        token: string;
      }>();
      expect((await send('POST', '/api/v1/invites', { role: 'user' }, token)).statusCode).toBe(201);
    });
  });
});

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_RATE_LIMIT: '60' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('6 rapid failed logins for an account: the 6th is 429 with Retry-After', async () => {
    const email = uniqueEmail('target');
    await registerUser(t.app, { email });
    const responses = [];
    for (let i = 0; i < 6; i++) {
      responses.push(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: 'wrong password here' },
        }),
      );
    }
    expect(responses.map((res) => res.statusCode)).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = responses[5];
    expect(Number(locked?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(locked?.headers['content-type']).toMatch(PROBLEM);
    // Even the right password waits until the lock ends.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: PASSWORD },
        })
      ).statusCode,
    ).toBe(429);
  });

  it('limits requests per IP to the authentication endpoints', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 70; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refreshToken: 'x'.repeat(20) },
      });
      statuses.add(res.statusCode);
      if (res.statusCode === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        break;
      }
    }
    expect(statuses).toContain(429);
  });
});
