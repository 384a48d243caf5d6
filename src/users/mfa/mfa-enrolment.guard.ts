import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error.js';
import { IS_PUBLIC } from '../../common/http/public.decorator.js';
import type { Principal } from '../auth/principal.js';
import { MfaService } from './mfa.service.js';

export const MFA_ENROLMENT_EXEMPT_KEY = 'whiskey:mfaEnrolmentExempt';

/**
 * The route stays open to a session that must still enrol in two-factor sign-in: what the console
 * needs to show who is signed in, set it up, or sign out.
 */
export const MfaEnrolmentExempt = (): MethodDecorator & ClassDecorator =>
  SetMetadata(MFA_ENROLMENT_EXEMPT_KEY, true);

/**
 * The instance requires two-factor sign-in of this account and it is not on yet. Its problem type,
 * `/problems/two-factor-enrolment-required`, is what the console recognises to send the user to enrolment.
 */
export class MfaEnrolmentRequiredError extends DomainError {
  readonly status = 403;
  readonly title = 'Two-Factor Enrolment Required';
}

/**
 * Enforces the two-factor policy after authentication: a session of a user the policy covers who has
 * not turned two-factor sign-in on gets 403 on every route but the `@MfaEnrolmentExempt()` ones. Such a
 * user can still sign in (with the password alone) precisely so that they can enrol. Personal API
 * tokens are not affected: they are the scripts' way in, and were created by a signed-in user.
 */
@Injectable()
export class MfaEnrolmentGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly mfa: MfaService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(MFA_ENROLMENT_EXEMPT_KEY, targets)) return true;
    const principal = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>().user;
    if (!principal?.sessionId) return true;
    if (await this.mfa.enrolmentRequired(principal.userId, principal.role)) {
      throw new MfaEnrolmentRequiredError(
        'This instance requires two-factor sign-in for your account: set it up first (POST /api/v1/auth/mfa/totp/setup)',
      );
    }
    return true;
  }
}
