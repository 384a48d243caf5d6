import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config.js';
import type { Principal } from './principal.js';
import { SessionPrincipals } from './session-principals.service.js';
import { JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from './token-issuer.service.js';

/**
 * Accepts `Authorization: Bearer <access JWT>` signed with HS256 (nothing else: `alg: none` and other
 * algorithms are refused), then checks on every request that its session is still open and its user
 * still enabled, so revocation takes effect at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly sessions: SessionPrincipals,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.auth.jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal | false> {
    if (claims.typ !== 'access') return false;
    return (await this.sessions.find(claims.sub, claims.sid)) ?? false;
  }
}
