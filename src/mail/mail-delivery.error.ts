/**
 * Thrown by {@link MailService.send} when the SMTP server refused a mail or could not be reached.
 * Its message names the server but never the credentials from `SMTP_URL`, and it carries no
 * `cause`: the transport's error objects are not ours to vouch for once they reach a log.
 */
export class MailDeliveryError extends Error {
  /** Nodemailer's error code (`ECONNECTION`, `EAUTH`, `EENVELOPE`, …), when there is one. */
  readonly code: string | undefined;
  /** The SMTP reply code of the refusal (e.g. 550), when the server answered. */
  readonly responseCode: number | undefined;

  constructor(message: string, details: { code?: string; responseCode?: number } = {}) {
    super(message);
    this.name = 'MailDeliveryError';
    this.code = details.code;
    this.responseCode = details.responseCode;
  }
}
