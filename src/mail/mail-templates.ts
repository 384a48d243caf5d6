import type { OutgoingMail } from './mail.service.js';

const PRODUCT = 'Whiskey Tracker';

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in HTML element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/** User-provided text bound for a header: line breaks there would start new headers. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function minutes(count: number): string {
  return count === 1 ? '1 minute' : `${count} minutes`;
}

/** Dates in mail are read by people in any time zone, and the server does not know theirs. */
function utcDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function paragraph(html: string): string {
  return `<p style="margin:0 0 16px;line-height:1.5">${html}</p>`;
}

/** A button, plus the bare link for clients that do not render it. */
function action(link: string, label: string): string {
  const href = escapeHtml(link);
  return (
    `<p style="margin:0 0 16px"><a href="${href}" style="display:inline-block;padding:10px 18px;` +
    `background:#8b4513;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(label)}</a></p>` +
    `<p style="margin:0 0 16px;font-size:12px;color:#6b6158;word-break:break-all">${href}</p>`
  );
}

/** Inline styles only: many mail clients drop `<style>` blocks. */
function layout(body: string): string {
  return (
    '<!doctype html><html><body style="margin:0;padding:24px;background:#f6f3ee;' +
    'font-family:Helvetica,Arial,sans-serif;color:#2b2118">' +
    '<div style="max-width:480px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px">' +
    `${body}<p style="margin:24px 0 0;font-size:12px;color:#8a7f74">${PRODUCT}</p></div></body></html>`
  );
}

/** What {@link verificationMail} needs. */
export interface VerificationMailInput {
  to: string;
  displayName: string;
  /** The 6-digit code the user can type instead of opening the link. */
  code: string;
  link: string;
  minutesValid: number;
}

/** Asks a new user to confirm their address with a code or a link. */
export function verificationMail(input: VerificationMailInput): OutgoingMail {
  const validity = `The code and the link are valid for ${minutes(input.minutesValid)}.`;
  const ignore = 'If you did not sign up, ignore this mail.';
  return {
    to: input.to,
    subject: `${PRODUCT}: verify your email address`,
    text: [
      `Hello ${input.displayName},`,
      `Your ${PRODUCT} verification code is ${input.code}.`,
      `Enter it in the app, or open this link:\n${input.link}`,
      `${validity} ${ignore}`,
    ].join('\n\n'),
    html: layout(
      paragraph(`Hello ${escapeHtml(input.displayName)},`) +
        paragraph(`Your ${PRODUCT} verification code is:`) +
        `<p style="margin:0 0 16px;font-size:28px;font-family:monospace;letter-spacing:4px">` +
        `${escapeHtml(input.code)}</p>` +
        paragraph('Enter it in the app, or open this link:') +
        action(input.link, 'Verify email address') +
        paragraph(`${validity} ${ignore}`),
    ),
  };
}

/** What {@link passwordResetMail} needs. */
export interface PasswordResetMailInput {
  to: string;
  displayName: string;
  link: string;
  minutesValid: number;
}

/** Sends the link to choose a new password. */
export function passwordResetMail(input: PasswordResetMailInput): OutgoingMail {
  const asked = `Someone, hopefully you, asked to reset the password of your ${PRODUCT} account.`;
  const validity = `The link is valid for ${minutes(input.minutesValid)}.`;
  const ignore = 'If you did not ask for this, ignore this mail: your password stays unchanged.';
  return {
    to: input.to,
    subject: `${PRODUCT}: reset your password`,
    text: [
      `Hello ${input.displayName},`,
      `${asked} Open this link to choose a new one:\n${input.link}`,
      `${validity} ${ignore}`,
    ].join('\n\n'),
    html: layout(
      paragraph(`Hello ${escapeHtml(input.displayName)},`) +
        paragraph(asked) +
        action(input.link, 'Choose a new password') +
        paragraph(`${validity} ${ignore}`),
    ),
  };
}

/** What {@link passwordSignInReservedMail} needs. */
export interface PasswordSignInReservedMailInput {
  to: string;
  displayName: string;
  /** The console's sign-in page, where the single sign-on buttons are. */
  link: string;
}

/** Answers a password-reset request of an account that signs in with single sign-on only. */
export function passwordSignInReservedMail(input: PasswordSignInReservedMailInput): OutgoingMail {
  const asked = `Someone, hopefully you, asked to reset the password of your ${PRODUCT} account.`;
  const reserved =
    'On this instance, password sign-in is reserved to administrators: you sign in with single sign-on, ' +
    'through its button on the sign-in page.';
  const unchanged = 'Nothing was changed. If you did not ask for this, ignore this mail.';
  return {
    to: input.to,
    subject: `${PRODUCT}: how to sign in`,
    text: [`Hello ${input.displayName},`, asked, `${reserved}\n${input.link}`, unchanged].join('\n\n'),
    html: layout(
      paragraph(`Hello ${escapeHtml(input.displayName)},`) +
        paragraph(asked) +
        paragraph(reserved) +
        action(input.link, 'Go to the sign-in page') +
        paragraph(unchanged),
    ),
  };
}

/** What {@link inviteMail} needs. */
export interface InviteMailInput {
  to: string;
  householdName: string;
  /** Display name of the member who sent the invitation. */
  invitedBy: string;
  link: string;
  expiresAt: Date;
}

/** Invites someone, who may not have an account yet, to join a household. */
export function inviteMail(input: InviteMailInput): OutgoingMail {
  const invited = (inviter: string, household: string) =>
    `${inviter} invited you to join the household ${household} on ${PRODUCT}.`;
  const expiry = `The invitation expires on ${utcDateTime(input.expiresAt)}.`;
  const ignore = `If you do not know ${input.invitedBy}, ignore this mail.`;
  return {
    to: input.to,
    subject: `${PRODUCT}: ${oneLine(input.invitedBy)} invited you to ${oneLine(input.householdName)}`,
    text: [
      'Hello,',
      `${invited(input.invitedBy, `"${input.householdName}"`)} Accept the invitation here:\n${input.link}`,
      `${expiry} ${ignore}`,
    ].join('\n\n'),
    html: layout(
      paragraph('Hello,') +
        paragraph(
          invited(escapeHtml(input.invitedBy), `<strong>${escapeHtml(input.householdName)}</strong>`),
        ) +
        action(input.link, 'Accept the invitation') +
        paragraph(`${expiry} ${escapeHtml(ignore)}`),
    ),
  };
}

/** What {@link securityNoticeMail} needs. */
export interface SecurityNoticeMailInput {
  to: string;
  displayName: string;
  /** One sentence saying what changed, e.g. "Your password was changed." */
  what: string;
}

/** Tells a user that something security-relevant changed on their account, in case it was not them. */
export function securityNoticeMail(input: SecurityNoticeMailInput): OutgoingMail {
  const intro = `Something changed on your ${PRODUCT} account:`;
  const advice =
    'If this was you, there is nothing to do. If it was not, change your password now ' +
    'and tell the administrator of this instance.';
  return {
    to: input.to,
    subject: `${PRODUCT}: a change on your account`,
    text: [`Hello ${input.displayName},`, `${intro}\n${input.what}`, advice].join('\n\n'),
    html: layout(
      paragraph(`Hello ${escapeHtml(input.displayName)},`) +
        paragraph(`${intro}<br><strong>${escapeHtml(input.what)}</strong>`) +
        paragraph(advice),
    ),
  };
}
