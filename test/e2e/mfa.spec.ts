import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP, URI } from 'otpauth';
import pg from 'pg';
import {
  addMember,
  bearer,
  openRegistration,
  PASSWORD,
  registerUser,
  uniqueEmail,
  type SignedIn,
} from '../factories/users.js';
import { startSmtpSink, type SmtpSink } from '../setup/smtp-sink.js';
import { captureLogs, createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Two-factor sign-in end to end, on real PostgreSQL, Redis and SMTP, with real TOTP codes computed
 * here from the secret the API hands out (as an authenticator app would). Every answer and every log
 * line is kept, and at the end scanned for the TOTP secrets and recovery codes.
 */

const PROBLEM = /^application\/problem\+json/;
const STEP_MS = 30_000;

/** The code an authenticator app holding `secret` shows `steps` time steps (of 30 s) from now. */
function codeAt(secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + steps * STEP_MS });
}

/** A well-formed code that matches none of the steps around now. */
function wrongCode(secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((steps) => codeAt(secret, steps)));
  let candidate = Number(codeAt(secret));
  for (;;) {
    candidate = (candidate + 1) % 1_000_000;
    const code = String(candidate).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/**
 * Waits for the next time step when the current one ends within 5 s, so that a code computed here for
 * "one step ago" is still one step ago when the server checks it.
 */
async function awayFromStepBoundary(): Promise<void> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 5000) await sleep(left + 50);
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const normalized = (recoveryCode: string) => recoveryCode.replace(/-/g, '');

/** A signed-in account as the tests drive it. */
interface Account {
  label: string;
  email: string;
  id: string;
  accessToken: string;
  refreshToken: string;
  /** Set once two-factor sign-in is on. */
  secret?: string;
  recoveryCodes?: string[];
}

interface Challenge {
  mfaRequired: true;
  challenge: string;
  expiresIn: number;
  methods: string[];
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
  mfaEnrolmentRequired?: boolean;
  recoveryCodesRemaining?: number;
}

describe('two-factor sign-in (TOTP and recovery codes)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let logs: string[];
  let admin: Account;
  let adminSession: SignedIn;
  /** Every answer of the API to these tests: status, headers and body. */
  const recorded: { label: string; text: string }[] = [];
  /** Secrets the API issued, each with the one answer allowed to show it. */
  const issued: { what: string; secret: string; issuedBy: string }[] = [];

  type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
  async function call(label: string, method: Method, url: string, payload?: object, token?: string) {
    const res = await t.app.inject({ method, url, payload, headers: token ? bearer(token) : {} });
    recorded.push({ label, text: `${res.statusCode}\n${JSON.stringify(res.headers)}\n${res.body}` });
    return res;
  }

  const account = (label: string, signedIn: SignedIn): Account => ({
    label,
    email: signedIn.user.email,
    id: signedIn.user.id,
    accessToken: signedIn.accessToken,
    refreshToken: signedIn.refreshToken,
  });

  /** Sets up an authenticator for `who` and confirms it with the code of one step ago. */
  async function enrol(who: Account): Promise<void> {
    const setupLabel = `POST totp/setup (${who.label})`;
    const setup = await call(
      setupLabel,
      'POST',
      '/api/v1/auth/mfa/totp/setup',
      { password: PASSWORD },
      who.accessToken,
    );
    expect(setup.statusCode).toBe(201);
    const secret = setup.json<{ secret: string }>().secret;
    issued.push({ what: `TOTP secret of ${who.label}`, secret, issuedBy: setupLabel });
    await awayFromStepBoundary();
    const confirmLabel = `POST totp/confirm (${who.label})`;
    const confirm = await call(
      confirmLabel,
      'POST',
      '/api/v1/auth/mfa/totp/confirm',
      { code: codeAt(secret, -1) },
      who.accessToken,
    );
    expect(confirm.statusCode).toBe(200);
    who.secret = secret;
    who.recoveryCodes = confirm.json<{ recoveryCodes: string[] }>().recoveryCodes;
    for (const code of who.recoveryCodes) {
      issued.push({ what: `recovery code of ${who.label}`, secret: code, issuedBy: confirmLabel });
    }
  }

  let signIns = 0;
  /** Signs in with the password; with two-factor sign-in on, the answer is a challenge. */
  async function passwordStep(who: Account) {
    signIns += 1;
    return call(`POST auth/login #${signIns} (${who.label})`, 'POST', '/api/v1/auth/login', {
      email: who.email,
      password: PASSWORD,
    });
  }

  async function challengeFor(who: Account): Promise<string> {
    const res = await passwordStep(who);
    expect(res.statusCode).toBe(200);
    return res.json<Challenge>().challenge;
  }

  async function secondStep(challenge: string, proof: { code?: string; recoveryCode?: string }) {
    signIns += 1;
    return call(`POST auth/mfa #${signIns}`, 'POST', '/api/v1/auth/mfa', { challenge, ...proof });
  }

  async function auditEvents(action: string) {
    const res = await call(
      `GET audit-events ${action}`,
      'GET',
      `/api/v1/audit-events?perPage=100&action=${action}`,
      undefined,
      admin.accessToken,
    );
    expect(res.statusCode).toBe(200);
    return res.json<{ data: { actorId: string; targetId: string; details: Record<string, unknown> }[] }>()
      .data;
  }

  const mailTo = (email: string, text: RegExp) =>
    sink.waitFor((mail) => mail.to.includes(email) && text.test(mail.text));

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_URL: sink.url,
      MAIL_FROM: 'Whiskey Tracker <wt@example.org>',
      // Verification is another feature; here it would only add steps before every write.
      REQUIRE_EMAIL_VERIFICATION: 'false',
      LOG_LEVEL: 'trace',
    });
    logs = captureLogs(t);
    adminSession = await registerUser(t.app, { email: uniqueEmail('admin'), displayName: 'Ada' });
    admin = account('admin', adminSession);
  });

  afterAll(async () => {
    if (t) await t.close();
    if (sink) await sink.close();
  });

  describe('enrolment', () => {
    let grace: Account;
    let secret: string;
    /** The secret of a set-up started and then started again, never confirmed. */
    let abandoned: string;

    beforeAll(async () => {
      grace = account('grace', await addMember(t.app, adminSession, 'user', 'grace'));
    });

    it('starts off, and starting the set-up needs the password of a signed-in session', async () => {
      const status = await call(
        'GET auth/mfa (grace, off)',
        'GET',
        '/api/v1/auth/mfa',
        undefined,
        grace.accessToken,
      );
      expect(status.json()).toEqual({
        totpEnabled: false,
        totpEnabledAt: null,
        recoveryCodesRemaining: 0,
        required: false,
        enrolmentRequired: false,
      });

      const wrong = await call(
        'POST totp/setup (grace, wrong password)',
        'POST',
        '/api/v1/auth/mfa/totp/setup',
        { password: 'not my password at all' },
        grace.accessToken,
      );
      expect(wrong.statusCode).toBe(403);
      expect(wrong.headers['content-type']).toMatch(PROBLEM);

      const token = await call(
        'POST api-tokens (grace)',
        'POST',
        '/api/v1/auth/api-tokens',
        { name: 'script', scope: 'write' },
        grace.accessToken,
      );
      const withToken = await call(
        'POST totp/setup (grace, API token)',
        'POST',
        '/api/v1/auth/mfa/totp/setup',
        { password: PASSWORD },
        token.json<{ token: string }>().token,
      );
      expect(withToken.statusCode).toBe(403);
      expect(withToken.json<{ detail: string }>().detail).toMatch(/API token/);
    });

    it('hands out the secret once, as an otpauth URI, a QR code and base32', async () => {
      const first = 'POST totp/setup (grace, abandoned)';
      const restarted = await call(
        first,
        'POST',
        '/api/v1/auth/mfa/totp/setup',
        { password: PASSWORD },
        grace.accessToken,
      );
      expect(restarted.statusCode).toBe(201);
      abandoned = restarted.json<{ secret: string }>().secret;
      issued.push({ what: 'abandoned TOTP secret of grace', secret: abandoned, issuedBy: first });

      const label = 'POST totp/setup (grace)';
      const res = await call(
        label,
        'POST',
        '/api/v1/auth/mfa/totp/setup',
        { password: PASSWORD },
        grace.accessToken,
      );
      expect(res.statusCode).toBe(201);
      const body = res.json<{ otpauthUri: string; qrCode: string; secret: string }>();
      secret = body.secret;
      issued.push({ what: 'TOTP secret of grace', secret, issuedBy: label });
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(body.qrCode).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
      const parsed = URI.parse(body.otpauthUri);
      expect(parsed).toBeInstanceOf(TOTP);
      expect(parsed).toMatchObject({ issuer: 'Whiskey Tracker', label: grace.email, digits: 6, period: 30 });
      expect(parsed.secret.base32).toBe(secret);
      expect(secret).not.toBe(abandoned);
    });

    it('stays off until a valid code is confirmed (a wrong code is refused)', async () => {
      const wrong = await call(
        'POST totp/confirm (grace, wrong code)',
        'POST',
        '/api/v1/auth/mfa/totp/confirm',
        { code: wrongCode(secret) },
        grace.accessToken,
      );
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json<{ errors: { field: string }[] }>().errors).toEqual([
        { field: 'code', message: 'the code does not match' },
      ]);
      // Starting again replaced the first secret: its codes no longer count.
      const replaced = await call(
        'POST totp/confirm (grace, abandoned secret)',
        'POST',
        '/api/v1/auth/mfa/totp/confirm',
        { code: codeAt(abandoned) },
        grace.accessToken,
      );
      expect(replaced.statusCode).toBe(422);
      const malformed = await call(
        'POST totp/confirm (grace, malformed)',
        'POST',
        '/api/v1/auth/mfa/totp/confirm',
        { code: '12345' },
        grace.accessToken,
      );
      expect(malformed.statusCode).toBe(400);
      const status = await call(
        'GET auth/mfa (grace, pending)',
        'GET',
        '/api/v1/auth/mfa',
        undefined,
        grace.accessToken,
      );
      expect(status.json()).toMatchObject({ totpEnabled: false });
      const login = await passwordStep(grace);
      expect(login.json()).toHaveProperty('accessToken');
    });

    it('refuses codes two steps (60 s) off, accepts the one of 30 s ago, and returns 10 recovery codes once', async () => {
      await awayFromStepBoundary();
      for (const steps of [2, -2]) {
        const res = await call(
          `POST totp/confirm (grace, ${steps} steps)`,
          'POST',
          '/api/v1/auth/mfa/totp/confirm',
          { code: codeAt(secret, steps) },
          grace.accessToken,
        );
        expect({ steps, status: res.statusCode }).toEqual({ steps, status: 422 });
      }
      const label = 'POST totp/confirm (grace)';
      const res = await call(
        label,
        'POST',
        '/api/v1/auth/mfa/totp/confirm',
        { code: codeAt(secret, -1) },
        grace.accessToken,
      );
      expect(res.statusCode).toBe(200);
      const { recoveryCodes } = res.json<{ recoveryCodes: string[] }>();
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const code of recoveryCodes) {
        expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
        issued.push({ what: 'recovery code of grace', secret: code, issuedBy: label });
      }

      const status = await call(
        'GET auth/mfa (grace, on)',
        'GET',
        '/api/v1/auth/mfa',
        undefined,
        grace.accessToken,
      );
      expect(status.json()).toMatchObject({ totpEnabled: true, recoveryCodesRemaining: 10 });
      const again = await call(
        'POST totp/setup (grace, again)',
        'POST',
        '/api/v1/auth/mfa/totp/setup',
        { password: PASSWORD },
        grace.accessToken,
      );
      expect(again.statusCode).toBe(409);
      const enabled = await auditEvents('auth.mfa_enabled');
      expect(enabled.map((event) => event.targetId)).toContain(grace.id);
    });
  });

  describe('signing in', () => {
    let ben: Account;

    beforeAll(async () => {
      ben = account('ben', await addMember(t.app, adminSession, 'user', 'ben'));
      await enrol(ben);
    });

    it('answers a correct password with a challenge, not tokens; the challenge is no access token', async () => {
      const res = await passwordStep(ben);
      expect(res.statusCode).toBe(200);
      const body = res.json<Challenge & Record<string, unknown>>();
      expect(body).toEqual({
        mfaRequired: true,
        challenge: expect.any(String) as string,
        expiresIn: 300,
        methods: ['totp', 'recovery_code'],
      });
      const asToken = await call(
        'GET users/me (challenge as token)',
        'GET',
        '/api/v1/users/me',
        undefined,
        body.challenge,
      );
      expect(asToken.statusCode).toBe(401);
    });

    it('completes the sign-in with the current code, once per challenge', async () => {
      const challenge = await challengeFor(ben);
      const code = codeAt(ben.secret!);
      const res = await secondStep(challenge, { code });
      expect(res.statusCode).toBe(200);
      const tokens = res.json<Tokens>();
      expect(tokens).toMatchObject({ tokenType: 'Bearer', mfaEnrolmentRequired: false });
      expect(tokens).not.toHaveProperty('recoveryCodesRemaining');
      const me = await call(
        'GET users/me (ben, after 2FA)',
        'GET',
        '/api/v1/users/me',
        undefined,
        tokens.accessToken,
      );
      expect(me.json()).toMatchObject({ id: ben.id });

      const reused = await secondStep(challenge, { code: codeAt(ben.secret!, 1) });
      expect(reused.statusCode).toBe(401);
      expect(reused.headers['content-type']).toMatch(PROBLEM);

      // The same code again, on a new challenge: refused, it was used.
      const replay = await secondStep(await challengeFor(ben), { code });
      expect(replay.statusCode).toBe(401);
      expect(replay.json<{ detail: string }>().detail).toMatch(/already been used/);
    });

    it('accepts the code of the next step (30 s ahead), and then no older one', async () => {
      const challenge = await challengeFor(ben);
      const ahead = await secondStep(challenge, { code: codeAt(ben.secret!, 1) });
      expect(ahead.statusCode).toBe(200);
      const older = await secondStep(await challengeFor(ben), { code: codeAt(ben.secret!) });
      expect(older.statusCode).toBe(401);
    });

    it('kills the challenge at the fifth wrong code, and counts the failures in the login backoff', async () => {
      const cleo = account('cleo', await addMember(t.app, adminSession, 'user', 'cleo'));
      await enrol(cleo);
      const challenge = await challengeFor(cleo);
      const answers: { detail: string; type: string }[] = [];
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const res = await secondStep(challenge, { code: wrongCode(cleo.secret!) });
        expect(res.statusCode).toBe(401);
        answers.push(res.json<{ detail: string; type: string }>());
      }
      // A wrong code may be tried again; the fifth ends the sign-in, which its problem type tells.
      expect(answers.slice(0, 4).every((answer) => /wrong/.test(answer.detail))).toBe(true);
      expect(answers.slice(0, 4).every((answer) => answer.type !== '/problems/sign-in-expired')).toBe(true);
      expect(answers[4]).toMatchObject({
        detail: expect.stringMatching(/Too many wrong codes/),
        type: '/problems/sign-in-expired',
      });

      // Five failed logins lock the account (1 s first): even the right password waits.
      const locked = await passwordStep(cleo);
      expect(locked.statusCode).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The dead challenge stays dead, even with the right code.
      const dead = await secondStep(challenge, { code: codeAt(cleo.secret!) });
      expect(dead.statusCode).toBe(401);
      expect(dead.json<{ type: string }>().type).toBe('/problems/sign-in-expired');

      await sleep(1100);
      const afterLock = await passwordStep(cleo);
      expect(afterLock.json()).toMatchObject({ mfaRequired: true });

      const failures = (await auditEvents('auth.mfa_failed')).filter((event) => event.actorId === cleo.id);
      expect(failures).toHaveLength(5);
      expect(failures.map((event) => event.details.challengeEnded).sort()).toEqual([
        false,
        false,
        false,
        false,
        true,
      ]);
    });

    it('refuses a body with both a code and a recovery code, or neither', async () => {
      const challenge = await challengeFor(ben);
      const both = await secondStep(challenge, { code: '123456', recoveryCode: ben.recoveryCodes![0] });
      expect(both.statusCode).toBe(400);
      expect(both.json<{ errors: { field: string }[] }>().errors.map((error) => error.field)).toEqual([
        'recoveryCode',
      ]);
      const neither = await secondStep(challenge, {});
      expect(neither.statusCode).toBe(400);
    });
  });

  describe('recovery codes', () => {
    let dora: Account;

    beforeAll(async () => {
      dora = account('dora', await addMember(t.app, adminSession, 'user', 'dora'));
      await enrol(dora);
    });

    it('sign in once each, however typed; the answer, an audit event and a mail tell how many remain', async () => {
      const [first] = dora.recoveryCodes!;
      const res = await secondStep(await challengeFor(dora), {
        recoveryCode: first.toUpperCase().replace(/-/g, ' '),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<Tokens>().recoveryCodesRemaining).toBe(9);

      const again = await secondStep(await challengeFor(dora), { recoveryCode: first });
      expect(again.statusCode).toBe(401);

      const used = (await auditEvents('auth.recovery_code_used')).filter(
        (event) => event.actorId === dora.id,
      );
      expect(used).toHaveLength(1);
      expect(used[0].details).toEqual({ remaining: 9 });
      const mail = await mailTo(dora.email, /recovery code was used/);
      expect(mail.text).toContain('9 unused recovery codes are left');

      const status = await call(
        'GET auth/mfa (dora)',
        'GET',
        '/api/v1/auth/mfa',
        undefined,
        dora.accessToken,
      );
      expect(status.json()).toMatchObject({ recoveryCodesRemaining: 9 });
    });

    it('regenerates them with the password and a code; the old set stops working', async () => {
      const [, second, third] = dora.recoveryCodes!;
      const wrongPassword = await call(
        'POST recovery-codes/regenerate (dora, wrong password)',
        'POST',
        '/api/v1/auth/mfa/recovery-codes/regenerate',
        { password: 'not the password', recoveryCode: second },
        dora.accessToken,
      );
      expect(wrongPassword.statusCode).toBe(403);
      expect(wrongPassword.json<{ errors: { field: string }[] }>().errors[0].field).toBe('password');

      const label = 'POST recovery-codes/regenerate (dora)';
      const res = await call(
        label,
        'POST',
        '/api/v1/auth/mfa/recovery-codes/regenerate',
        { password: PASSWORD, recoveryCode: second },
        dora.accessToken,
      );
      expect(res.statusCode).toBe(200);
      const fresh = res.json<{ recoveryCodes: string[] }>().recoveryCodes;
      expect(fresh).toHaveLength(10);
      for (const code of fresh)
        issued.push({ what: 'regenerated recovery code of dora', secret: code, issuedBy: label });
      expect(fresh.some((code) => dora.recoveryCodes!.includes(code))).toBe(false);

      const old = await secondStep(await challengeFor(dora), { recoveryCode: third });
      expect(old.statusCode).toBe(401);
      const current = await secondStep(await challengeFor(dora), { recoveryCode: fresh[0] });
      expect(current.statusCode).toBe(200);
      expect(current.json<Tokens>().recoveryCodesRemaining).toBe(9);
      dora.recoveryCodes = fresh;
    });
  });

  describe('turning it off', () => {
    it('needs the password and a current code, and is audited and mailed', async () => {
      const eve = account('eve', await addMember(t.app, adminSession, 'user', 'eve'));
      await enrol(eve);
      const disable = (label: string, payload: object) =>
        call(
          `POST totp/disable (eve, ${label})`,
          'POST',
          '/api/v1/auth/mfa/totp/disable',
          payload,
          eve.accessToken,
        );

      expect((await disable('no code', { password: PASSWORD })).statusCode).toBe(400);
      expect((await disable('no password', { code: codeAt(eve.secret!) })).statusCode).toBe(400);
      const wrongPassword = await disable('wrong password', {
        password: 'wrong password!',
        code: codeAt(eve.secret!),
      });
      expect(wrongPassword.statusCode).toBe(403);
      const wrongCode_ = await disable('wrong code', { password: PASSWORD, code: wrongCode(eve.secret!) });
      expect(wrongCode_.statusCode).toBe(403);
      expect(wrongCode_.json<{ errors: { field: string }[] }>().errors[0].field).toBe('code');
      // The refused attempts spent nothing: the current code still works.
      const ok = await disable('ok', { password: PASSWORD, code: codeAt(eve.secret!) });
      expect(ok.statusCode).toBe(204);

      const status = await call(
        'GET auth/mfa (eve, off)',
        'GET',
        '/api/v1/auth/mfa',
        undefined,
        eve.accessToken,
      );
      expect(status.json()).toMatchObject({ totpEnabled: false, recoveryCodesRemaining: 0 });
      expect((await passwordStep(eve)).json()).toHaveProperty('accessToken');
      expect((await disable('again', { password: PASSWORD, code: codeAt(eve.secret!) })).statusCode).toBe(
        409,
      );

      const failed = (await auditEvents('auth.mfa_failed')).filter((event) => event.actorId === eve.id);
      expect(failed.map((event) => event.details)).toEqual([
        { method: 'totp', reason: 'wrong_code', purpose: 'disable' },
      ]);
      expect((await auditEvents('auth.mfa_disabled')).map((event) => event.targetId)).toContain(eve.id);
      await mailTo(eve.email, /Two-factor sign-in was turned off/);
    });
  });

  describe('admin reset', () => {
    let fay: Account;
    let member: Account;

    beforeAll(async () => {
      fay = account('fay', await addMember(t.app, adminSession, 'user', 'fay'));
      member = account('member', await addMember(t.app, adminSession, 'user', 'member'));
      await enrol(fay);
    });

    const reset = (label: string, userId: string, token: string) =>
      call(
        `POST users/{id}/mfa/reset (${label})`,
        'POST',
        `/api/v1/users/${userId}/mfa/reset`,
        undefined,
        token,
      );

    it('is for admins of the same household, and not for their own account', async () => {
      expect((await reset('member', fay.id, member.accessToken)).statusCode).toBe(403);
      await openRegistration(t.app, adminSession);
      const otherAdmin = await registerUser(t.app, { email: uniqueEmail('other-admin') });
      expect(otherAdmin.user.role).toBe('admin');
      expect((await reset('other household', fay.id, otherAdmin.accessToken)).statusCode).toBe(404);
      const self = await reset('self', admin.id, admin.accessToken);
      expect(self.statusCode).toBe(403);
      expect((await challengeFor(fay)).length).toBeGreaterThan(16);
    });

    const twoFactorOf = async (label: string) => {
      const one = async (id: string) =>
        (
          await call(`GET users/{id} (${label})`, 'GET', `/api/v1/users/${id}`, undefined, admin.accessToken)
        ).json<{ twoFactor: string[] }>().twoFactor;
      const list = (
        await call(`GET users (${label})`, 'GET', '/api/v1/users?perPage=100', undefined, admin.accessToken)
      ).json<{ data: { id: string; twoFactor: string[] }[] }>().data;
      const listed = (id: string) => list.find((user) => user.id === id)?.twoFactor;
      return {
        fay: { one: await one(fay.id), listed: listed(fay.id) },
        member: { one: await one(member.id), listed: listed(member.id) },
      };
    };

    it('shows admins which members have it on, in the list and on each member', async () => {
      expect(await twoFactorOf('before reset')).toEqual({
        fay: { one: ['totp'], listed: ['totp'] },
        member: { one: [], listed: [] },
      });
    });

    it('turns the member’s two-factor sign-in off, audits it and tells them by mail', async () => {
      const res = await reset('admin', fay.id, admin.accessToken);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ userNotified: true });

      const mail = await mailTo(fay.email, /reset your two-factor sign-in/);
      expect(mail.text).toContain('Ada, an administrator of your household');
      const events = (await auditEvents('auth.mfa_reset')).filter((event) => event.targetId === fay.id);
      expect(events).toHaveLength(1);
      expect(events[0].actorId).toBe(admin.id);

      expect((await passwordStep(fay)).json()).toHaveProperty('accessToken');
      const status = await call(
        'GET auth/mfa (fay, reset)',
        'GET',
        '/api/v1/auth/mfa',
        undefined,
        fay.accessToken,
      );
      expect(status.json()).toMatchObject({ totpEnabled: false, recoveryCodesRemaining: 0 });
      // Her old recovery codes are gone with it.
      expect((await reset('again', fay.id, admin.accessToken)).statusCode).toBe(409);
      expect((await twoFactorOf('after reset')).fay).toEqual({ one: [], listed: [] });
    });
  });

  describe('policy and API tokens', () => {
    let henry: Account;
    let henryApiToken: string;
    let ivy: Account;
    let ivyApiToken: string;

    beforeAll(async () => {
      henry = account('henry', await addMember(t.app, adminSession, 'user', 'henry'));
      ivy = account('ivy', await addMember(t.app, adminSession, 'user', 'ivy'));
      await enrol(ivy);
      const token = (who: Account) =>
        call(
          `POST api-tokens (${who.label})`,
          'POST',
          '/api/v1/auth/api-tokens',
          { name: 'cron', scope: 'read' },
          who.accessToken,
        );
      henryApiToken = (await token(henry)).json<{ token: string }>().token;
      ivyApiToken = (await token(ivy)).json<{ token: string }>().token;
    });

    it('leaves personal API tokens alone: no second factor for scripts', async () => {
      const res = await call(
        'GET bottles (ivy, API token)',
        'GET',
        '/api/v1/bottles',
        undefined,
        ivyApiToken,
      );
      expect(res.statusCode).toBe(200);
    });

    it('is set by instance admins, who must use two-factor sign-in before requiring it', async () => {
      const policyOf = (who: Account) =>
        call(`GET mfa/policy (${who.label})`, 'GET', '/api/v1/auth/mfa/policy', undefined, who.accessToken);
      expect((await policyOf(henry)).statusCode).toBe(403);
      expect((await policyOf(admin)).json()).toEqual({ mode: 'off', version: 0 });
      const put = (label: string, payload: object, token = admin.accessToken) =>
        call(`PUT mfa/policy (${label})`, 'PUT', '/api/v1/auth/mfa/policy', payload, token);
      expect((await put('member', { mode: 'everyone', version: 0 }, henry.accessToken)).statusCode).toBe(403);
      expect((await put('bad mode', { mode: 'sometimes', version: 0 })).statusCode).toBe(400);
      const lockout = await put('admin without 2FA', { mode: 'everyone', version: 0 });
      expect(lockout.statusCode).toBe(422);

      await enrol(admin);
      const res = await put('admin', { mode: 'everyone', version: 0 });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ mode: 'everyone', version: 1 });
      expect((await put('stale', { mode: 'admins', version: 0 })).statusCode).toBe(409);
    });

    it('sends a user without it to enrolment, and holds their session there until they enrol', async () => {
      const invite = await call(
        'POST invites (for jo)',
        'POST',
        '/api/v1/invites',
        { role: 'user' },
        admin.accessToken,
      );
      const registered = await call('POST auth/register (jo)', 'POST', '/api/v1/auth/register', {
        email: uniqueEmail('jo'),
        password: PASSWORD,
        displayName: 'Jo',
        inviteToken: invite.json<{ token: string }>().token,
      });
      expect(registered.statusCode).toBe(201);
      expect(registered.json<Tokens>().mfaEnrolmentRequired).toBe(true);
      const jo = account('jo', registered.json<SignedIn>());

      const blocked = await call(
        'GET bottles (jo, not enrolled)',
        'GET',
        '/api/v1/bottles',
        undefined,
        jo.accessToken,
      );
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json()).toMatchObject({ type: '/problems/two-factor-enrolment-required' });
      const me = await call(
        'GET users/me (jo, not enrolled)',
        'GET',
        '/api/v1/users/me',
        undefined,
        jo.accessToken,
      );
      expect(me.statusCode).toBe(200);
      const status = await call('GET auth/mfa (jo)', 'GET', '/api/v1/auth/mfa', undefined, jo.accessToken);
      expect(status.json()).toMatchObject({ required: true, enrolmentRequired: true });

      await enrol(jo);
      const allowed = await call(
        'GET bottles (jo, enrolled)',
        'GET',
        '/api/v1/bottles',
        undefined,
        jo.accessToken,
      );
      expect(allowed.statusCode).toBe(200);
    });

    it('holds existing sessions too, on sign-in and refresh, but not API tokens nor sign-out', async () => {
      const login = await passwordStep(henry);
      expect(login.json<Tokens>().mfaEnrolmentRequired).toBe(true);
      const session = login.json<Tokens>();
      const refreshed = await call('POST auth/refresh (henry)', 'POST', '/api/v1/auth/refresh', {
        refreshToken: session.refreshToken,
      });
      expect(refreshed.json<Tokens>().mfaEnrolmentRequired).toBe(true);
      const accessToken = refreshed.json<Tokens>().accessToken;

      const blocked = await call('GET bottles (henry)', 'GET', '/api/v1/bottles', undefined, accessToken);
      expect(blocked.statusCode).toBe(403);
      const byToken = await call(
        'GET bottles (henry, API token)',
        'GET',
        '/api/v1/bottles',
        undefined,
        henryApiToken,
      );
      expect(byToken.statusCode).toBe(200);
      const logout = await call(
        'POST auth/logout (henry)',
        'POST',
        '/api/v1/auth/logout',
        undefined,
        accessToken,
      );
      expect(logout.statusCode).toBe(204);

      const ivyLogin = await passwordStep(ivy);
      expect(ivyLogin.json()).toMatchObject({ mfaRequired: true });
    });
  });

  describe('secrets', () => {
    const windows = (secret: string, size = 16) =>
      secret.length <= size
        ? [secret]
        : Array.from({ length: secret.length - size + 1 }, (_, i) => secret.slice(i, i + size));
    /** A secret in the forms a leak could take: as issued, and for recovery codes without dashes. */
    const forms = (secret: string) => [...new Set([...windows(secret), normalized(secret)])];
    const contains = (text: string, secret: string) => forms(secret).some((form) => text.includes(form));

    it('shows each TOTP secret and recovery code in the answer that issued it and nowhere else', () => {
      expect(issued.filter((entry) => entry.what.startsWith('TOTP secret')).length).toBeGreaterThanOrEqual(8);
      expect(issued.filter((entry) => entry.what.includes('recovery code')).length).toBeGreaterThanOrEqual(
        80,
      );
      const actual = issued.map(({ what, secret }) => ({
        what,
        shownIn: recorded.filter((answer) => contains(answer.text, secret)).map((answer) => answer.label),
      }));
      expect(actual).toEqual(issued.map(({ what, issuedBy }) => ({ what, shownIn: [issuedBy] })));
    });

    it('never writes one to the log or to a mail', () => {
      expect(logs.length).toBeGreaterThan(50);
      expect(sink.messages.length).toBeGreaterThan(3);
      const mails = sink.messages.map((mail) => mail.raw);
      const leaks = issued.flatMap(({ what, secret }) => [
        ...logs.filter((line) => contains(line, secret)).map(() => `${what} in the log`),
        ...mails.filter((mail) => contains(mail, secret)).map(() => `${what} in a mail`),
      ]);
      expect(leaks).toEqual([]);
    });

    it('stores TOTP secrets sealed and recovery codes as SHA-256 hashes', async () => {
      const client = new pg.Client({ connectionString: t.database.url });
      await client.connect();
      try {
        const sealed = (await client.query<{ sealed_secret: string }>('select sealed_secret from user_totp'))
          .rows;
        expect(sealed.length).toBeGreaterThan(0);
        const hashes = new Set(
          (await client.query<{ code_hash: string }>('select code_hash from mfa_recovery_code')).rows.map(
            (row) => row.code_hash,
          ),
        );
        for (const { sealed_secret: value } of sealed) {
          expect(value).toMatch(/^v1\./);
          expect(issued.some(({ secret }) => contains(value, secret))).toBe(false);
        }
        const recoveryCodes = issued.filter(({ what }) => what.includes('recovery code'));
        const live = recoveryCodes.filter(({ secret }) => hashes.has(sha256(normalized(secret))));
        // Every set that was not replaced, reset or turned off is stored, and nothing else.
        expect(live.length).toBeGreaterThanOrEqual(60);
        expect(hashes.size).toBe(live.length);
      } finally {
        await client.end();
      }
    });
  });
});
