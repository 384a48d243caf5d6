import { createHash } from 'node:crypto';
import pg from 'pg';
import { bearer, PASSWORD, uniqueEmail } from '../factories/users.js';
import { startSmtpSink, type SmtpSink } from '../setup/smtp-sink.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Drives the account lifecycle through the API and then checks every answer against the secret
 * material PostgreSQL holds: no hash ever leaves the server, and a secret the API hands out (refresh
 * token, API token, invite) is shown in the one response that issued it and never again. Mail is on
 * (a real SMTP sink), so verification codes and reset links exist too.
 */

const ADMIN_PASSWORD = 'peat smoke over the harbour at dusk';
const NEW_PASSWORD = 'sherry casks in a cold dunnage warehouse';

/** A substring this long of a secret is a leak; shorter ones include the API token's shown prefix. */
const LEAK_WINDOW = 16;

/** One answer of the API, as a client could see it: status line, headers and body. */
interface Recorded {
  label: string;
  text: string;
}

interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; version: number };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Every substring of `secret` of {@link LEAK_WINDOW} characters (the whole secret when shorter). */
function windows(secret: string): string[] {
  if (secret.length <= LEAK_WINDOW) return [secret];
  return Array.from({ length: secret.length - LEAK_WINDOW + 1 }, (_, i) => secret.slice(i, i + LEAK_WINDOW));
}

/**
 * The part of a JWT that is its own: header and claims are base64 of JSON that every access token
 * shares in large parts (algorithm, issuer, audience), so only the signature identifies the token.
 */
function signatureOf(jwt: string): string {
  const signature = jwt.split('.')[2];
  if (!signature) throw new Error(`Not a signed JWT: ${jwt}`);
  return signature;
}

function contains(text: string, secret: string): boolean {
  return windows(secret).some((window) => text.includes(window));
}

describe('Secrets in API responses', () => {
  let t: TestApp;
  let sink: SmtpSink;
  const recorded: Recorded[] = [];

  /** Calls the API, records the whole answer, and insists on the expected status (the flow must really run). */
  async function call<T = unknown>(
    label: string,
    expectedStatus: number,
    request: {
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
      url: string;
      token?: string;
      payload?: object;
    },
  ): Promise<T> {
    const res = await t.app.inject({
      method: request.method,
      url: request.url,
      headers: request.token ? bearer(request.token) : {},
      ...(request.payload ? { payload: request.payload } : {}),
    });
    recorded.push({ label, text: `${res.statusCode}\n${JSON.stringify(res.headers)}\n${res.body}` });
    if (res.statusCode !== expectedStatus) {
      throw new Error(`${label}: expected ${expectedStatus}, got ${res.statusCode}: ${res.body}`);
    }
    return (res.body ? res.json() : undefined) as T;
  }

  async function mailTo(email: string, subject: RegExp, pattern: RegExp): Promise<string> {
    const mail = await sink.waitFor((m) => m.to.includes(email) && subject.test(m.subject));
    const match = pattern.exec(mail.text);
    if (!match) throw new Error(`No ${String(pattern)} in the mail "${mail.subject}" to ${email}`);
    return match[1];
  }

  /** A call that answers with a token pair: its refresh token and access token are recorded as issued by it. */
  async function signIn(label: string, expectedStatus: number, request: Parameters<typeof call>[2]) {
    const tokens = await call<TokenResponse>(label, expectedStatus, request);
    issued.push({ what: `refresh token of ${label}`, secret: tokens.refreshToken, issuedBy: label });
    accessTokens.push({
      what: `access token of ${label}`,
      secret: signatureOf(tokens.accessToken),
      issuedBy: label,
    });
    return tokens;
  }

  /** Labels of the recorded answers that contain `secret` (or a long enough part of it). */
  const answersContaining = (secret: string) =>
    recorded.filter((answer) => contains(answer.text, secret)).map((answer) => answer.label);

  /** Secrets the API issued, each with the label of the one answer allowed to show it. */
  const issued: { what: string; secret: string; issuedBy: string }[] = [];
  /**
   * Signatures of the access tokens, each with the answer that issued it. Two sign-ins of one session
   * within the same second get the very same JWT (same claims, deterministic HS256), so an access token
   * may show up in another token-issuing answer; it must never show up anywhere else.
   */
  const accessTokens: { what: string; secret: string; issuedBy: string }[] = [];
  /** Secrets that only ever travel by mail. */
  const mailed: { what: string; secret: string }[] = [];
  let apiToken: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: sink.url, MAIL_FROM: 'Whiskey Tracker <wt@example.org>' });

    const adminEmail = uniqueEmail('admin');
    const memberEmail = uniqueEmail('member');

    await call('GET auth/config', 200, { method: 'GET', url: '/api/v1/auth/config' });
    const admin = await signIn('POST auth/register (admin)', 201, {
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: adminEmail, password: ADMIN_PASSWORD, displayName: 'Ada' },
    });

    // Mail is configured, so writes need a verified address: verify like a user would, with the code.
    const code = await mailTo(adminEmail, /verify/i, /verification code is (\d{6})/);
    mailed.push({
      what: 'admin verification link',
      secret: await mailTo(adminEmail, /verify/i, /verify-email\?token=([\w-]+)/),
    });
    await call('POST auth/verify-email (admin)', 204, {
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      token: admin.accessToken,
      payload: { code },
    });

    const invite = await call<{ token: string; link: string }>('POST invites', 201, {
      method: 'POST',
      url: '/api/v1/invites',
      token: admin.accessToken,
      payload: { role: 'user', email: memberEmail },
    });
    issued.push({ what: 'invite token', secret: invite.token, issuedBy: 'POST invites' });

    const registered = await signIn('POST auth/register (member)', 201, {
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: memberEmail, password: PASSWORD, displayName: 'Grace', inviteToken: invite.token },
    });
    mailed.push({
      what: 'member verification link',
      secret: await mailTo(memberEmail, /verify/i, /verify-email\?token=([\w-]+)/),
    });

    const loggedIn = await signIn('POST auth/login (member)', 200, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: memberEmail, password: PASSWORD },
    });

    const refreshed = await signIn('POST auth/refresh (member)', 200, {
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: loggedIn.refreshToken },
    });

    await call('GET auth/sessions (member)', 200, {
      method: 'GET',
      url: '/api/v1/auth/sessions',
      token: refreshed.accessToken,
    });

    const created = await call<{ token: string }>('POST auth/api-tokens', 201, {
      method: 'POST',
      url: '/api/v1/auth/api-tokens',
      token: refreshed.accessToken,
      payload: { name: 'Home Assistant', scope: 'read' },
    });
    apiToken = created.token;
    issued.push({ what: 'API token', secret: apiToken, issuedBy: 'POST auth/api-tokens' });

    await call('GET users/me (API token)', 200, { method: 'GET', url: '/api/v1/users/me', token: apiToken });
    await call('GET auth/api-tokens', 200, {
      method: 'GET',
      url: '/api/v1/auth/api-tokens',
      token: refreshed.accessToken,
    });

    const changed = await signIn('POST users/me/password', 200, {
      method: 'POST',
      url: '/api/v1/users/me/password',
      token: refreshed.accessToken,
      payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });

    const users = await call<{ data: { id: string }[] }>('GET users', 200, {
      method: 'GET',
      url: '/api/v1/users',
      token: admin.accessToken,
    });
    expect(users.data).toHaveLength(2);
    await call('GET users/{id}', 200, {
      method: 'GET',
      url: `/api/v1/users/${registered.user.id}`,
      token: admin.accessToken,
    });
    await call('GET invites', 200, { method: 'GET', url: '/api/v1/invites', token: admin.accessToken });

    await call('POST auth/password-reset/request', 202, {
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      payload: { email: memberEmail },
    });
    mailed.push({
      what: 'password-reset link',
      secret: await mailTo(memberEmail, /reset/i, /reset-password\?token=([\w-]+)/),
    });

    const me = await call<{ version: number }>('GET users/me (member)', 200, {
      method: 'GET',
      url: '/api/v1/users/me',
      token: changed.accessToken,
    });
    await call('PATCH users/me', 200, {
      method: 'PATCH',
      url: '/api/v1/users/me',
      token: changed.accessToken,
      payload: { version: me.version, displayName: 'Grace H.' },
    });
    await call('GET auth/sessions (member, again)', 200, {
      method: 'GET',
      url: '/api/v1/auth/sessions',
      token: changed.accessToken,
    });
    await call('GET auth/api-tokens (again)', 200, {
      method: 'GET',
      url: '/api/v1/auth/api-tokens',
      token: changed.accessToken,
    });
    // Last, so the trail holds every event of the flow.
    await call('GET audit-events', 200, {
      method: 'GET',
      url: '/api/v1/audit-events?perPage=100',
      token: admin.accessToken,
    });
  });

  afterAll(async () => {
    // Either is unset when starting it failed: let that error be the one reported.
    if (t) await t.close();
    if (sink) await sink.close();
  });

  describe('compared with what PostgreSQL stores', () => {
    let stored: { source: string; value: string }[];

    beforeAll(async () => {
      const client = new pg.Client({ connectionString: t.database.url });
      await client.connect();
      try {
        const column = async (table: string, name: string) =>
          (await client.query<{ value: string | null }>(`select "${name}" as value from "${table}"`)).rows
            .map((row) => row.value)
            .filter((value): value is string => Boolean(value))
            .map((value) => ({ source: `${table}.${name}`, value }));
        stored = [
          ...(await column('app_user', 'password_hash')),
          ...(await column('refresh_token', 'token_hash')),
          ...(await column('api_token', 'token_hash')),
          ...(await column('invite', 'token_hash')),
          ...(await column('one_time_code', 'code_hash')),
          ...(await column('one_time_code', 'link_hash')),
        ];
      } finally {
        await client.end();
      }
    });

    it('read the secret material the flow created (so the checks below have something to find)', () => {
      const count = (source: string) => stored.filter((entry) => entry.source === source).length;
      expect({
        passwordHashes: count('app_user.password_hash'),
        apiTokenHashes: count('api_token.token_hash'),
        inviteHashes: count('invite.token_hash'),
      }).toEqual({ passwordHashes: 2, apiTokenHashes: 1, inviteHashes: 1 });
      // Two registrations, a login, a refresh and a password change each issued one.
      expect(count('refresh_token.token_hash')).toBeGreaterThanOrEqual(5);
      // Verification codes of both users; links of both verifications and of the reset.
      expect(count('one_time_code.code_hash')).toBeGreaterThanOrEqual(2);
      expect(count('one_time_code.link_hash')).toBeGreaterThanOrEqual(3);

      // The rows are those of the secrets the API handed out, hashed as the server hashes them.
      const values = new Set(stored.map((entry) => entry.value));
      for (const { what, secret } of issued) {
        expect({ what, stored: values.has(sha256(secret)) }).toEqual({ what, stored: true });
      }
      for (const { what, secret } of mailed) {
        expect({ what, stored: values.has(sha256(secret)) }).toEqual({ what, stored: true });
      }
      for (const { value } of stored.filter((entry) => entry.source === 'app_user.password_hash')) {
        expect(value).toMatch(/^\$argon2id\$/);
      }
    });

    it('never shows a stored hash, or part of one, in any response', () => {
      expect(recorded.length).toBeGreaterThanOrEqual(21);
      const leaks = stored.flatMap(({ source, value }) =>
        answersContaining(value).map((label) => `${source} in ${label}`),
      );
      expect(leaks).toEqual([]);
    });
  });

  it('never shows an argon2 hash marker in any response', () => {
    expect(
      recorded.filter((answer) => answer.text.includes('$argon2')).map((answer) => answer.label),
    ).toEqual([]);
  });

  it('never shows a password that was sent to it', () => {
    const leaks = [ADMIN_PASSWORD, PASSWORD, NEW_PASSWORD].flatMap((password) =>
      recorded.filter((answer) => answer.text.includes(password)).map((answer) => answer.label),
    );
    expect(leaks).toEqual([]);
  });

  it('shows each issued token in the response that issued it and nowhere else', () => {
    // Five token pairs (two registrations, login, refresh, password change), an invite, an API token.
    expect(issued).toHaveLength(7);
    const actual = issued.map(({ what, secret }) => ({ what, shownIn: answersContaining(secret) }));
    const expected = issued.map(({ what, issuedBy }) => ({ what, shownIn: [issuedBy] }));
    expect(actual).toEqual(expected);
  });

  it('shows access tokens only in answers that issue tokens', () => {
    expect(accessTokens).toHaveLength(5);
    const tokenAnswers = new Set(accessTokens.map((entry) => entry.issuedBy));
    const actual = accessTokens.map(({ what, secret, issuedBy }) => {
      const shownIn = answersContaining(secret);
      return {
        what,
        inItsOwnAnswer: shownIn.includes(issuedBy),
        elsewhere: shownIn.filter((label) => !tokenAnswers.has(label)),
      };
    });
    expect(actual).toEqual(accessTokens.map(({ what }) => ({ what, inItsOwnAnswer: true, elsewhere: [] })));
  });

  it('never shows a mailed secret (verification or reset link) in a response', () => {
    expect(mailed).toHaveLength(3);
    const actual = mailed.map(({ what, secret }) => ({ what, shownIn: answersContaining(secret) }));
    expect(actual).toEqual(mailed.map(({ what }) => ({ what, shownIn: [] })));
  });

  it('lists API tokens by their short prefix only', () => {
    const listed = recorded.filter((answer) => answer.label.startsWith('GET auth/api-tokens'));
    expect(listed).toHaveLength(2);
    for (const answer of listed) {
      expect(answer.text).toContain(apiToken.slice(0, 10));
      expect(answer.text).not.toContain(apiToken);
    }
  });
});
