import pg from 'pg';
import { bearer, login, PASSWORD, registerUser, uniqueEmail, type SignedIn } from '../factories/users.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../setup/smtp-sink.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const codeIn = (mail: ReceivedMail) => /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
const linkTokenIn = (mail: ReceivedMail) => /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? '';

describe('mail-based flows (real SMTP server)', () => {
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: sink.url });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const post = (url: string, payload?: object, token?: string) =>
    t.app.inject({ method: 'POST', url, payload, headers: token ? bearer(token) : {} });
  const mailTo = (address: string, subject: RegExp) =>
    sink.waitFor((mail) => mail.to.includes(address) && subject.test(mail.subject));
  const sql = async (query: string, params: unknown[] = []): Promise<Record<string, unknown>[]> => {
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      return (await client.query<Record<string, unknown>>(query, params)).rows;
    } finally {
      await client.end();
    }
  };

  it('reports mail as enabled and verification as required', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/config' });
    expect(res.json()).toMatchObject({ emailEnabled: true, emailVerificationRequired: true });
  });

  describe('email verification', () => {
    let admin: SignedIn;
    let email: string;
    beforeAll(async () => {
      email = uniqueEmail('verify');
      admin = await registerUser(t.app, { email });
    });

    it('mails a 6-digit code; until it is used, the account may read but not write', async () => {
      const mail = await mailTo(email, /verify/i);
      expect(codeIn(mail)).toMatch(/^\d{6}$/);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(admin.accessToken) }))
          .statusCode,
      ).toBe(200);
      const write = await post('/api/v1/invites', { role: 'user' }, admin.accessToken);
      expect(write.statusCode).toBe(403);
      expect(write.json<{ detail: string }>().detail).toMatch(/verify your email/i);
    });

    it('counts wrong codes and kills the code after 5 attempts, even for the right one', async () => {
      const code = codeIn(await mailTo(email, /verify/i));
      const wrong = code === '000000' ? '111111' : '000000';
      const answers: number[] = [];
      for (let i = 0; i < 5; i++)
        answers.push(
          (await post('/api/v1/auth/verify-email', { code: wrong }, admin.accessToken)).statusCode,
        );
      expect(answers).toEqual([422, 422, 422, 422, 422]);
      const late = await post('/api/v1/auth/verify-email', { code }, admin.accessToken);
      expect(late.statusCode).toBe(422);
      expect(late.json<{ detail: string }>().detail).toMatch(/request a new one/);
    });

    it('refuses an expired code', async () => {
      sink.clear();
      expect((await post('/api/v1/auth/verify-email/resend', undefined, admin.accessToken)).statusCode).toBe(
        202,
      );
      const code = codeIn(await mailTo(email, /verify/i));
      await sql(`update one_time_code set expires_at = now() - interval '1 second' where used_at is null`);
      expect((await post('/api/v1/auth/verify-email', { code }, admin.accessToken)).statusCode).toBe(422);
    });

    it('accepts a fresh code, after which the account may write', async () => {
      sink.clear();
      await post('/api/v1/auth/verify-email/resend', undefined, admin.accessToken);
      const code = codeIn(await mailTo(email, /verify/i));
      expect((await post('/api/v1/auth/verify-email', { code }, admin.accessToken)).statusCode).toBe(204);
      const fresh = await login(t.app, email);
      expect(fresh.user).toMatchObject({ email });
      expect((await post('/api/v1/invites', { role: 'user' }, fresh.accessToken)).statusCode).toBe(201);
    });

    it('also verifies through the mailed link, without signing in', async () => {
      const invite = (
        await post('/api/v1/invites', { role: 'user' }, (await login(t.app, email)).accessToken)
      ).json<{ token: string }>();
      const memberEmail = uniqueEmail('linked');
      await registerUser(t.app, { email: memberEmail, inviteToken: invite.token });
      const token = linkTokenIn(await mailTo(memberEmail, /verify/i));
      expect((await post('/api/v1/auth/verify-email/link', { token })).statusCode).toBe(204);
      expect((await login(t.app, memberEmail)).user).toMatchObject({ emailVerified: true });
      expect((await post('/api/v1/auth/verify-email/link', { token })).statusCode).toBe(404);
    });
  });

  describe('password reset', () => {
    let email: string;
    let existing: SignedIn;
    beforeAll(async () => {
      const first = await login(
        t.app,
        (await sql('select email from app_user order by created_at limit 1'))[0].email as string,
      );
      const invite = (await post('/api/v1/invites', { role: 'user' }, first.accessToken)).json<{
        token: string;
      }>();
      email = uniqueEmail('forgetful');
      existing = await registerUser(t.app, { email, inviteToken: invite.token });
      sink.clear();
    });

    it('answers the same for known and unknown addresses, and mails only the known one', async () => {
      const known = await post('/api/v1/auth/password-reset/request', { email });
      const unknown = await post('/api/v1/auth/password-reset/request', { email: uniqueEmail('nobody') });
      expect(known.statusCode).toBe(202);
      expect(unknown.statusCode).toBe(202);
      expect(known.body).toBe(unknown.body);
      await mailTo(email, /reset/i);
      expect(sink.messages.filter((mail) => /reset/i.test(mail.subject))).toHaveLength(1);
    });

    it('sets a new password once, signs out everywhere, and the token cannot be used again', async () => {
      const token = linkTokenIn(await mailTo(email, /reset/i));
      const newPassword = 'the cask strength passphrase';
      expect((await post('/api/v1/auth/password-reset/confirm', { token, newPassword })).statusCode).toBe(
        204,
      );
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: '/api/v1/users/me',
            headers: bearer(existing.accessToken),
          })
        ).statusCode,
      ).toBe(401);
      expect((await post('/api/v1/auth/login', { email, password: PASSWORD })).statusCode).toBe(401);
      expect((await login(t.app, email, newPassword)).user.email).toBe(email);
      expect(
        (await post('/api/v1/auth/password-reset/confirm', { token, newPassword: 'yet another passphrase' }))
          .statusCode,
      ).toBe(404);
    });

    it('tells a member to use single sign-on while passwords are for admins only, and sets none', async () => {
      const first = await login(
        t.app,
        (await sql('select email from app_user order by created_at limit 1'))[0].email as string,
      );
      const setMode = async (mode: string) => {
        const current = await t.app.inject({
          method: 'GET',
          url: '/api/v1/settings/password-login',
          headers: bearer(first.accessToken),
        });
        const version = current.json<{ version: number }>().version;
        const res = await t.app.inject({
          method: 'PUT',
          url: '/api/v1/settings/password-login',
          headers: bearer(first.accessToken),
          payload: { mode, version },
        });
        expect(res.statusCode).toBe(200);
      };
      sink.clear();
      // A link asked for while passwords were allowed…
      await post('/api/v1/auth/password-reset/request', { email });
      const token = linkTokenIn(await mailTo(email, /reset/i));
      await setMode('admins_only');
      try {
        // …no longer sets one,
        const refused = await post('/api/v1/auth/password-reset/confirm', {
          token,
          newPassword: 'a password nobody may use',
        });
        expect(refused.statusCode).toBe(403);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.json<{ detail: string }>().detail).toMatch(/single sign-on/);
        // and a new request gets the same answer but a mail pointing at single sign-on, without a link.
        sink.clear();
        const asked = await post('/api/v1/auth/password-reset/request', { email });
        expect(asked.statusCode).toBe(202);
        const mail = await mailTo(email, /how to sign in/i);
        expect(mail.text).toMatch(/reserved to administrators/);
        expect(mail.text).toContain('/admin/login');
        expect(linkTokenIn(mail)).toBe('');
      } finally {
        await setMode('everyone');
      }
      // Back to everyone: the old link still works, it was not used.
      expect(
        (
          await post('/api/v1/auth/password-reset/confirm', {
            token,
            newPassword: 'the reinstated passphrase',
          })
        ).statusCode,
      ).toBe(204);
    });

    it('refuses an expired reset token', async () => {
      sink.clear();
      await post('/api/v1/auth/password-reset/request', { email });
      const token = linkTokenIn(await mailTo(email, /reset/i));
      await sql(`update one_time_code set expires_at = now() - interval '1 second' where used_at is null`);
      expect(
        (await post('/api/v1/auth/password-reset/confirm', { token, newPassword: 'too late passphrase' }))
          .statusCode,
      ).toBe(404);
    });
  });
});
