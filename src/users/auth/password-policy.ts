import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { normalizePassword } from './password-hasher.js';

/** Fewest characters (Unicode code points, after normalisation) a password may have. */
export const PASSWORD_MIN_LENGTH = 10;
/** Most characters a password may have: generous for passphrases, bounded so hashing cost stays bounded. */
export const PASSWORD_MAX_LENGTH = 256;

const COMMON = new Set(COMMON_PASSWORDS);

/** What the policy may compare a password with besides itself: values an attacker would try first. */
export interface PasswordContext {
  email?: string;
  displayName?: string;
}

function folded(value: string): string {
  return normalizePassword(value).trim().toLowerCase();
}

function characterCount(password: string): number {
  // Code points, not UTF-16 units or bytes: an emoji or a CJK character is one character to its typist.
  return [...normalizePassword(password)].length;
}

function contextProblems(password: string, context: PasswordContext): string[] {
  const candidate = folded(password);
  const email = folded(context.email ?? '');
  const localPart = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : '';
  const displayName = folded(context.displayName ?? '');
  const problems: string[] = [];
  if (email !== '' && candidate === email) problems.push('Password must not be your email address');
  else if (localPart !== '' && candidate === localPart)
    problems.push('Password must not be the part of your email address before the @');
  if (displayName !== '' && candidate === displayName)
    problems.push('Password must not be your display name');
  return problems;
}

/**
 * Every reason `password` is refused, as sentences fit to show its owner; empty when it is acceptable.
 * Length is counted in characters; the common-password list and `context` are compared case-insensitively.
 * Pass the account's email and display name as `context` wherever they are known.
 */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  const length = characterCount(password);
  if (length < PASSWORD_MIN_LENGTH)
    problems.push(`Password must have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH)
    problems.push(`Password must have at most ${PASSWORD_MAX_LENGTH} characters`);
  if (COMMON.has(folded(password)))
    problems.push('Password is one of the most commonly used passwords and would be guessed quickly');
  return [...problems, ...contextProblems(password, context)];
}

/**
 * Refuses a DTO field holding a password that {@link passwordProblems} rejects; the message lists why.
 * A DTO does not know the account's email or display name, so the service must still call
 * `passwordProblems(password, { email, displayName })` before hashing.
 */
export function IsAcceptablePassword(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && passwordProblems(value).length === 0,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string'
            ? passwordProblems(args.value).join('; ')
            : `${args?.property ?? 'password'} must be a string`,
      },
    });
  };
}
