import { Logger, type LoggerService } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/config/load-config.js';
import { MailDeliveryError } from '../../src/mail/mail-delivery.error.js';
import { escapeHtml, inviteMail, verificationMail } from '../../src/mail/mail-templates.js';
import { MailService } from '../../src/mail/mail.service.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { freePort } from '../setup/app-process.js';
import { startSmtpSink, type SmtpSink } from '../setup/smtp-sink.js';

/** What the service wrote through Nest's Logger, captured instead of printed. */
const logged: { level: 'log' | 'warn' | 'error'; args: unknown[] }[] = [];
const recorder: LoggerService = {
  log: (...args: unknown[]) => logged.push({ level: 'log', args }),
  warn: (...args: unknown[]) => logged.push({ level: 'warn', args }),
  error: (...args: unknown[]) => logged.push({ level: 'error', args }),
};

const SECRET = 's3cret';

let dataDir: string;
const services: MailService[] = [];

function mailService(env: Record<string, string>): { mail: MailService; metrics: MetricsService } {
  const config = loadConfig({
    NODE_ENV: 'test',
    MAIL_FROM: 'Whiskey Tracker <wt@example.org>',
    JWT_SECRET: 'x'.repeat(32),
    DATA_DIR: dataDir,
    ...env,
  });
  const metrics = new MetricsService();
  const mail = new MailService(config, metrics);
  services.push(mail);
  return { mail, metrics };
}

async function mailCount(metrics: MetricsService, result: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('whiskey_mail_sent_total')?.get();
  return metric?.values.find((value) => value.labels.result === result)?.value ?? NaN;
}

const verification = verificationMail({
  to: 'ada@example.org',
  displayName: 'Zoë <script>alert(1)</script>',
  code: '042137',
  link: 'http://localhost:3000/verify?token=abc&user=1',
  minutesValid: 15,
});

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'whiskey-mail-'));
  Logger.overrideLogger(recorder);
});
afterAll(() => {
  for (const service of services) service.onApplicationShutdown();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  logged.length = 0;
});

describe('MailService with SMTP', () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });
  beforeEach(() => sink.clear());

  it('delivers a verification mail with the code in the text part and escaped HTML', async () => {
    const { mail, metrics } = mailService({ SMTP_URL: sink.url });
    expect(mail.enabled).toBe(true);

    await mail.send(verification);

    const received = await sink.waitFor((m) => m.to.includes('ada@example.org'));
    expect(received.from).toBe('wt@example.org');
    expect(received.to).toEqual(['ada@example.org']);
    expect(received.subject).toBe('Whiskey Tracker: verify your email address');
    expect(received.text.match(/\b\d{6}\b/)?.[0]).toBe('042137');
    expect(received.text).toContain('Hello Zoë <script>alert(1)</script>,');
    expect(received.text).toContain('valid for 15 minutes');
    expect(received.html).toContain('Zoë &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(received.html).not.toContain('<script>');
    expect(received.html).toContain('href="http://localhost:3000/verify?token=abc&amp;user=1"');
    expect(await mailCount(metrics, 'sent')).toBe(1);
    expect(await mailCount(metrics, 'failed')).toBe(0);
  });

  it('delivers a subject with non-ASCII user text on one line', async () => {
    const { mail } = mailService({ SMTP_URL: sink.url });

    await mail.send(
      inviteMail({
        to: 'bea@example.org',
        householdName: 'Bothy\nBrüder',
        invitedBy: 'Zoë',
        link: 'http://localhost:3000/invite/xyz',
        expiresAt: new Date('2030-01-02T03:04:05Z'),
      }),
    );

    const received = await sink.waitFor((m) => m.to.includes('bea@example.org'));
    expect(received.subject).toBe('Whiskey Tracker: Zoë invited you to Bothy Brüder');
    expect(received.text).toContain('expires on 2030-01-02 03:04 UTC');
  });
});

describe('MailService without SMTP', () => {
  it('skips the mail in the test environment, warning with recipient and subject but no body', async () => {
    const { mail, metrics } = mailService({});
    expect(mail.enabled).toBe(false);

    await expect(mail.send(verification)).resolves.toBeUndefined();

    expect(await mailCount(metrics, 'skipped')).toBe(1);
    expect(await mailCount(metrics, 'sent')).toBe(0);
    expect(logged.map((entry) => entry.level)).toEqual(['warn']);
    const line = JSON.stringify(logged[0].args);
    expect(line).toContain('ada@example.org');
    expect(line).toContain(verification.subject);
    expect(line).not.toContain('042137');
  });

  it('writes the whole mail to the log in development, so a developer can read the code', async () => {
    const { mail, metrics } = mailService({ NODE_ENV: 'development' });

    await mail.send(verification);

    expect(await mailCount(metrics, 'skipped')).toBe(1);
    expect(logged.map((entry) => entry.level)).toEqual(['log']);
    expect(logged[0].args[0]).toMatchObject({
      to: 'ada@example.org',
      subject: verification.subject,
      text: verification.text,
    });
  });
});

describe('MailService when delivery fails', () => {
  let refusing: SMTPServer;
  let port: number;
  const passwordsSeen: string[] = [];

  beforeAll(async () => {
    refusing = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1000,
      onAuth: (auth, _session, callback) => {
        passwordsSeen.push(auth.password ?? '');
        callback(null, { user: auth.username });
      },
      onRcptTo: (_address, _session, callback) =>
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 })),
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    port = (refusing.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
  });

  const expectSafeFailure = (error: unknown) => {
    expect(error).toBeInstanceOf(MailDeliveryError);
    const failure = error as MailDeliveryError;
    expect(failure.message).toMatch(/^Mail delivery through 127\.0\.0\.1:\d+ failed: /);
    expect(failure.message).not.toContain(SECRET);
    expect(inspect(failure, { depth: 5 })).not.toContain(SECRET);
    return failure;
  };

  it('rejects with a MailDeliveryError without the password when the server refuses the recipient', async () => {
    const { mail, metrics } = mailService({ SMTP_URL: `smtp://user:${SECRET}@127.0.0.1:${port}` });

    const error = await mail.send(verification).catch((e: unknown) => e);

    // The password did reach the server, so its absence from the error is not by luck.
    expect(passwordsSeen).toContain(SECRET);
    const failure = expectSafeFailure(error);
    expect(failure.message).toContain('Mailbox unavailable');
    expect(failure.responseCode).toBe(550);
    expect(await mailCount(metrics, 'failed')).toBe(1);
    expect(await mailCount(metrics, 'sent')).toBe(0);
  });

  it('rejects with a MailDeliveryError without the password when nothing listens', async () => {
    const closed = await freePort();
    const { mail, metrics } = mailService({ SMTP_URL: `smtp://user:${SECRET}@127.0.0.1:${closed}` });

    const failure = expectSafeFailure(await mail.send(verification).catch((e: unknown) => e));

    expect(failure.code).toBe('ESOCKET');
    expect(await mailCount(metrics, 'failed')).toBe(1);
  });
});

describe('escapeHtml', () => {
  it('escapes markup and both quote characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
