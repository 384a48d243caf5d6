import { InvalidError } from '../../common/errors/domain-error.js';
import { passwordProblems, type PasswordContext } from './password-policy.js';

/** Refuses a password that breaks the policy for this account (422 listing why, under `field`). */
export function assertAcceptablePassword(
  password: string,
  context: PasswordContext,
  field = 'password',
): void {
  const problems = passwordProblems(password, context);
  if (problems.length > 0) {
    throw new InvalidError(
      problems.join('; '),
      problems.map((message) => ({ field, message })),
    );
  }
}
