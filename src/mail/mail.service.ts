import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  createTransport,
  type SMTPSentMessageInfo,
  type SMTPTransportOptions,
  type Transporter,
} from 'nodemailer';
import { Counter } from 'prom-client';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { MailDeliveryError } from './mail-delivery.error.js';
import { messageOf } from '../common/errors/message-of.js';

/** One mail to one recipient; the sender is always the configured `MAIL_FROM`. */
export interface OutgoingMail {
  /** Recipient address. */
  to: string;
  subject: string;
  /** Plain-text body; always sent, since some clients and most developers read only this. */
  text: string;
  /** Optional HTML alternative of {@link text}; any user-provided text in it must already be escaped. */
  html?: string;
}

type MailResult = 'sent' | 'failed' | 'skipped';

/** A URL component percent-decoded; as it is when malformed, which nodemailer then gets to reject. */
function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

/**
 * Defaults for the SMTP connection. Nodemailer waits up to 2 minutes for a connection and 10 for an
 * idle socket, far longer than a caller should be stuck behind a dead server; query parameters of
 * `SMTP_URL` (e.g. `?connectionTimeout=30000`) still override these.
 */
const CONNECTION_DEFAULTS: SMTPTransportOptions = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

/**
 * Sends mail through the SMTP server of `SMTP_URL`. Without one, mail is not sent and does not fail:
 * in development it is written to the log instead (so the developer can read a verification code),
 * elsewhere only a warning naming recipient and subject is logged, since bodies carry secrets.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter<SMTPSentMessageInfo> | undefined;
  /** The SMTP server as `host:port`, for error messages that must not show the URL's credentials. */
  private readonly server: string | undefined;
  /** Credentials of the URL, removed from any transport error text before it becomes ours. */
  private readonly secrets: string[] = [];
  private readonly mailsSent: Counter<'result'>;

  constructor(
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.mailsSent = new Counter({
      name: 'whiskey_mail_sent_total',
      help: 'Outgoing mails by result: sent, failed (refused or server unreachable), skipped (SMTP not configured).',
      labelNames: ['result'] as const,
      registers: [metrics.registry],
    });
    // Exported at zero from the start, so a rate() or an alert on `failed` has a series to work with.
    for (const result of ['sent', 'failed', 'skipped'] satisfies MailResult[]) {
      this.mailsSent.inc({ result }, 0);
    }

    const url = config.mail.smtpUrl;
    if (url) {
      const parsed = new URL(url);
      this.server = parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
      for (const part of [parsed.username, parsed.password]) {
        if (part) this.secrets.push(part, safeDecode(part));
      }
      this.transport = createTransport({ ...CONNECTION_DEFAULTS, url });
    }
  }

  /** Whether an SMTP server is configured, i.e. mail actually reaches people. */
  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /**
   * Sends `message` from the configured sender. Resolves once the SMTP server accepted it; rejects
   * with a {@link MailDeliveryError} when it refused or could not be reached. Without SMTP it logs
   * instead of sending and resolves.
   */
  async send(message: OutgoingMail): Promise<void> {
    if (!this.transport) {
      this.skip(message);
      return;
    }
    try {
      await this.transport.sendMail({
        from: this.config.mail.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    } catch (error) {
      this.mailsSent.inc({ result: 'failed' });
      throw this.deliveryError(error);
    }
    this.mailsSent.inc({ result: 'sent' });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  private skip(message: OutgoingMail): void {
    this.mailsSent.inc({ result: 'skipped' });
    if (this.config.env === 'development') {
      this.logger.log(
        { to: message.to, subject: message.subject, text: message.text },
        'SMTP_URL is not set: mail not sent, shown here instead',
      );
    } else {
      this.logger.warn({ to: message.to, subject: message.subject }, 'SMTP_URL is not set: mail not sent');
    }
  }

  private deliveryError(error: unknown): MailDeliveryError {
    const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
    let reason = messageOf(error);
    for (const secret of this.secrets) reason = reason.replaceAll(secret, '[redacted]');
    return new MailDeliveryError(`Mail delivery through ${this.server} failed: ${reason}`, {
      code: typeof code === 'string' ? code : undefined,
      responseCode: typeof responseCode === 'number' ? responseCode : undefined,
    });
  }
}
