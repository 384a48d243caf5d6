import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { User } from '../user.entity.js';
import { AuthSession } from './auth-session.entity.js';
import type { RequestOrigin } from './principal.js';
import { RefreshToken } from './refresh-token.entity.js';
import { randomToken, sha256 } from './secrets.js';

/** Lifetime of an access token. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Lifetime of a session that is never refreshed. */
export const REFRESH_TOKEN_TTL_DAYS = 30;
export const JWT_ISSUER = 'whiskey-tracker';
export const JWT_AUDIENCE = 'whiskey-tracker/api';

/** Claims of an access token: who, and through which session (checked on every request). */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  typ: 'access';
}

/** What a successful sign-in or refresh returns. */
export interface TokenPair {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  sessionId: string;
}

/** Opens sessions and mints their tokens: short-lived JWT access tokens and rotating opaque refresh tokens. */
@Injectable()
export class TokenIssuer {
  constructor(private readonly jwt: JwtService) {}

  /** Starts a session for `user` on the device described by `origin` and returns its first tokens. */
  async openSession(em: EntityManager, user: User, origin: RequestOrigin): Promise<TokenPair> {
    const session = em.create(AuthSession, {
      user,
      device: origin.userAgent,
      ip: origin.ip,
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    });
    return this.issue(em, session);
  }

  /** Adds a new refresh token to `session` (the caller marks the previous one used) and signs an access token. */
  async issue(em: EntityManager, session: AuthSession): Promise<TokenPair> {
    const refreshToken = randomToken();
    em.create(RefreshToken, { session, tokenHash: sha256(refreshToken) });
    await em.flush();
    const claims: AccessTokenClaims = { sub: session.user.id, sid: session.id, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithm: 'HS256',
    });
    return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, refreshToken, sessionId: session.id };
  }
}
