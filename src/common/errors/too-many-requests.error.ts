import { DomainError } from './domain-error.js';

/**
 * The caller has tried too often and must wait before trying again (a login backoff, a quota).
 * `retryAfterSeconds` is what a `Retry-After` header should announce.
 */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly title = 'Too Many Requests';

  constructor(
    message: string,
    /** Whole seconds after which the same request may succeed; at least 1. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
