import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../user.entity.js';
import type { ApiTokenScope } from './api-token.entity.js';

/** Who is calling: established by the authentication guard for every non-public request. */
export interface Principal {
  userId: string;
  householdId: string;
  role: Role;
  /** Whether the household's instance-level administration applies (admins of the founding household). */
  instanceAdmin: boolean;
  emailVerified: boolean;
  /** `read` for read-only API tokens; sessions carry the full rights of the role. */
  scope: ApiTokenScope;
  /** The signed-in session (absent for API tokens). */
  sessionId?: string;
  /** The API token used (absent for sessions). */
  apiTokenId?: string;
}

/** Where the request's network details come from, for sessions and the audit trail. */
export interface RequestOrigin {
  ip: string;
  userAgent: string;
  requestId: string;
}

/** The authenticated caller of this request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>().user;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});

/** The IP, user agent and request id of this request. */
export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): RequestOrigin => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return {
    ip: request.ip,
    userAgent: String(request.headers['user-agent'] ?? 'unknown').slice(0, 200),
    requestId: request.id,
  };
});
