import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../../common/errors/domain-error.js';
import { IS_PUBLIC } from '../../common/http/public.decorator.js';
import { enterHousehold } from '../households/household-scope.js';
import type { Principal } from './principal.js';

/**
 * The global guard: every route needs a valid access token or API token unless it is marked
 * `@Public()`. Once the caller is known, this request's queries are confined to their household.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard(['jwt', 'api-token']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    await super.canActivate(context);
    const principal = context.switchToHttp().getRequest<FastifyRequest & { user: Principal }>().user;
    enterHousehold(principal.householdId);
    return true;
  }

  override handleRequest<T>(error: unknown, principal: T | false): T {
    if (error || !principal) {
      throw new UnauthorizedError('A valid access token or API token is required (Authorization: Bearer …)');
    }
    return principal;
  }
}
