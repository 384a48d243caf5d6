import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../common/errors/domain-error.js';
import { IS_PUBLIC } from '../../common/http/public.decorator.js';
import { AppConfig } from '../../config/app-config.js';
import type { Role } from '../user.entity.js';
import { INSTANCE_ADMIN_KEY, ROLES_KEY, SELF_SERVICE_KEY } from './access.decorators.js';
import type { Principal } from './principal.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global authorisation rules, after authentication: `@Roles()` and `@InstanceAdmin()` routes; no
 * writes for read-only users and read-scoped API tokens; no writes before the email is verified
 * (when required). Writes to one's own account (`@AccountSelfService()`) stay open to read-only and
 * unverified users.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user: Principal }>();
    const principal = request.user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenError(`This requires the role ${roles.join(' or ')}`);
    }
    if (this.reflector.getAllAndOverride<boolean>(INSTANCE_ADMIN_KEY, targets) && !principal.instanceAdmin) {
      throw new ForbiddenError('This requires an administrator of the instance');
    }
    if (READ_METHODS.has(request.method)) return true;

    if (principal.scope === 'read') throw new ForbiddenError('This API token may only read');
    if (this.reflector.getAllAndOverride<boolean>(SELF_SERVICE_KEY, targets)) return true;
    if (principal.role === 'read_only') throw new ForbiddenError('Read-only users cannot change anything');
    if (this.config.auth.requireEmailVerification && !principal.emailVerified) {
      throw new ForbiddenError('Verify your email address before changing anything');
    }
    return true;
  }
}
