import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import type { Principal } from './principal.js';
import { SessionPrincipals } from './session-principals.service.js';
import { JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from './token-issuer.service.js';

/** Name of the cookie that opens the job board in a browser tab. */
export const JOB_BOARD_COOKIE = 'wt_board';
/** Where the job board lives; the cookie is sent to this path only. */
export const JOB_BOARD_PATH = '/admin/queues';
const COOKIE_TTL_SECONDS = 15 * 60;

interface BoardClaims extends Omit<AccessTokenClaims, 'typ'> {
  typ: 'board';
}

/**
 * Who may open the Bull job board: instance admins, either with their access token (API clients) or
 * with a short-lived cookie the console obtains for them, since a plain link cannot carry a header.
 */
@Injectable()
export class JobBoardAccess {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionPrincipals,
    private readonly config: AppConfig,
  ) {}

  /** A `Set-Cookie` value admitting `principal`'s session to the board for 15 minutes. */
  async cookieFor(principal: Principal): Promise<string> {
    const claims: BoardClaims = { sub: principal.userId, sid: principal.sessionId ?? '', typ: 'board' };
    const token = await this.jwt.signAsync(claims, {
      expiresIn: COOKIE_TTL_SECONDS,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithm: 'HS256',
    });
    const secure = this.config.http.publicUrl.startsWith('https:') ? '; Secure' : '';
    return `${JOB_BOARD_COOKIE}=${token}; Path=${JOB_BOARD_PATH}; Max-Age=${COOKIE_TTL_SECONDS}; HttpOnly; SameSite=Strict${secure}`;
  }

  /** Whether the request comes from an instance admin whose session is still open. */
  async admits(request: FastifyRequest): Promise<boolean> {
    const token =
      bearerToken(request.headers.authorization) ?? cookie(request.headers.cookie, JOB_BOARD_COOKIE);
    if (!token) return false;
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims | BoardClaims>(token, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
      const principal = await this.sessions.find(claims.sub, claims.sid);
      return principal?.instanceAdmin === true;
    } catch {
      return false;
    }
  }
}

function bearerToken(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
