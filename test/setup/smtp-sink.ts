import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One mail as the sink received it. */
export interface ReceivedMail {
  /** Envelope sender (MAIL FROM), `''` for a null sender. */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The whole message as transmitted, headers and encoded body. */
  raw: string;
  /** The decoded Subject header. */
  subject: string;
  /** The decoded text/plain part, `''` when there is none. */
  text: string;
  /** The decoded text/html part, when there is one. */
  html: string | undefined;
}

/** A real SMTP server on 127.0.0.1 that keeps every mail it receives, for tests to read. */
export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, ready to use as SMTP_URL. */
  url: string;
  /** Mails received so far, oldest first. */
  messages: ReceivedMail[];
  /** The first mail (received already or later) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Forgets the mails received so far. */
  clear(): void;
  close(): Promise<void>;
}

/**
 * Starts a sink on a random port. Plain SMTP only (no STARTTLS, so no test certificate is needed);
 * authentication is optional and any credentials are accepted, so an SMTP_URL with a user works too.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<(mail: ReceivedMail) => void>();

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const { mailFrom, rcptTo } = session.envelope;
        const mail: ReceivedMail = {
          from: mailFrom ? mailFrom.address : '',
          to: rcptTo.map((recipient) => recipient.address),
          raw: bytes.toString('utf8'),
          ...parseMessage(bytes),
        };
        messages.push(mail);
        for (const waiter of [...waiters]) waiter(mail);
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      const received = messages.find(predicate);
      if (received) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        const waiter = (mail: ReceivedMail) => {
          try {
            if (!predicate(mail)) return;
            done();
            resolve(mail);
          } catch (error) {
            done();
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const subjects = messages.map((mail) => JSON.stringify(mail.subject)).join(', ') || 'none';
          reject(new Error(`No matching mail within ${timeoutMs} ms; received: ${subjects}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/*
 * A minimal MIME reader: enough for what nodemailer sends (single part or nested multipart, 7bit,
 * 8bit, quoted-printable or base64, RFC 2047 encoded headers). Bodies are handled as latin1 strings,
 * which map bytes one to one, and decoded with their charset only once the transfer encoding is undone.
 */

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

function parseMessage(bytes: Buffer): Pick<ReceivedMail, 'subject' | 'text' | 'html'> {
  const root = parsePart(bytes.toString('latin1'));
  const leaves = flatten(root);
  const find = (type: string) => leaves.find((part) => contentType(part) === type && !isAttachment(part));
  const text = find('text/plain');
  const html = find('text/html');
  return {
    // Raw 8-bit header bytes (SMTPUTF8) are UTF-8; encoded words are ASCII and unaffected.
    subject: decodeHeader(Buffer.from(root.headers.get('subject') ?? '', 'latin1').toString('utf8')),
    text: text ? decodeBody(text) : '',
    html: html ? decodeBody(html) : undefined,
  };
}

function parsePart(source: string): MimePart {
  const normalized = source.replace(/\r\n/g, '\n');
  const separator = normalized.indexOf('\n\n');
  const head = separator === -1 ? normalized : normalized.slice(0, separator);
  const body = separator === -1 ? '' : normalized.slice(separator + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n(?=[ \t])/g, '').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function flatten(part: MimePart): MimePart[] {
  const boundary = parameter(part.headers.get('content-type') ?? '', 'boundary');
  if (!contentType(part).startsWith('multipart/') || !boundary) return [part];
  const children: string[][] = [];
  let current: string[] | undefined;
  for (const line of part.body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      current = [];
      children.push(current);
    } else {
      current?.push(line);
    }
  }
  return children.flatMap((lines) => flatten(parsePart(lines.join('\n'))));
}

function contentType(part: MimePart): string {
  const value = part.headers.get('content-type');
  return value ? value.split(';')[0].trim().toLowerCase() : 'text/plain';
}

function isAttachment(part: MimePart): boolean {
  return /^\s*attachment/i.test(part.headers.get('content-disposition') ?? '');
}

function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return match ? (match[1] ?? match[2]) : undefined;
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const charset = parameter(part.headers.get('content-type') ?? '', 'charset') ?? 'utf-8';
  let bytes: Buffer;
  if (encoding === 'base64') {
    bytes = Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
  } else if (encoding === 'quoted-printable') {
    bytes = Buffer.from(
      decodeQuotedPrintable(part.body.replace(/[ \t]+$/gm, '').replace(/=\n/g, '')),
      'latin1',
    );
  } else {
    bytes = Buffer.from(part.body, 'latin1');
  }
  return decodeCharset(bytes, charset);
}

function decodeQuotedPrintable(value: string): string {
  return value.replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header value. */
function decodeHeader(value: string): string {
  const encodedWord = /=\?([^?]+)\?([bq])\?([^?]*)\?=/gi;
  return value
    .replace(/(=\?[^?]+\?[bq]\?[^?]*\?=)\s+(?==\?)/gi, '$1')
    .replace(encodedWord, (_, charset: string, encoding: string, data: string) => {
      const bytes =
        encoding.toLowerCase() === 'b'
          ? Buffer.from(data, 'base64')
          : Buffer.from(decodeQuotedPrintable(data.replace(/_/g, ' ')), 'latin1');
      return decodeCharset(bytes, charset);
    });
}
