import { Injectable, type ExecutionContext } from '@nestjs/common';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { TooManyRequestsError } from '../../common/errors/too-many-requests.error.js';

// @nestjs/throttler is CommonJS requiring the ESM @nestjs/common; loading it when this module runs
// (not while the import graph is being linked) keeps Jest's ESM loader from reporting a require cycle.
const { ThrottlerGuard } = await import('@nestjs/throttler');

/** Throttler name of the per-IP limit on the authentication endpoints. */
export const IP_THROTTLER = 'default';
/** Throttler name of the per-account limit (the email in the body, or the signed-in user). */
export const ACCOUNT_THROTTLER = 'account';

/** Identifies the account a request is about, for the per-account limit. */
export function accountTracker(request: Record<string, unknown>): string {
  const body = request.body as { email?: unknown } | undefined;
  if (typeof body?.email === 'string') return `email:${body.email.trim().toLowerCase()}`;
  const user = request.user as { userId?: string } | undefined;
  return user?.userId ? `user:${user.userId}` : `ip:${String(request.ip)}`;
}

/** Rate limits for the authentication endpoints, answered like every other error: 429 problem+json with Retry-After. */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new TooManyRequestsError(
      'Too many attempts; wait before trying again',
      Math.max(1, Math.ceil(detail.timeToBlockExpire)),
    );
  }
}
