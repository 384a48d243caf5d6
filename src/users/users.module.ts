import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import type { Redis } from 'ioredis';
import { RedisThrottlerStorage } from '../common/throttling/redis-throttler.storage.js';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import { AccessGuard } from './auth/access.guard.js';
import { ApiTokenStrategy } from './auth/api-token.strategy.js';
import { ApiTokensService } from './auth/api-tokens.service.js';
import {
  ACCOUNT_THROTTLER,
  accountTracker,
  AuthThrottlerGuard,
  IP_THROTTLER,
} from './auth/auth-throttler.guard.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { AuthenticationGuard } from './auth/authentication.guard.js';
import { EmailVerificationService } from './auth/email-verification.service.js';
import { JobBoardAccess } from './auth/job-board-access.service.js';
import { JwtStrategy } from './auth/jwt.strategy.js';
import { SessionPrincipals } from './auth/session-principals.service.js';
import { LoginAttempts } from './auth/login-attempts.service.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { PasswordResetService } from './auth/password-reset.service.js';
import { RegistrationService } from './auth/registration.service.js';
import { TokenIssuer } from './auth/token-issuer.service.js';
import { InvitesController } from './households/invites.controller.js';
import { InvitesService } from './households/invites.service.js';
import { RegistrationSettingsController } from './households/registration-settings.controller.js';
import { MfaAdminController } from './mfa/mfa-admin.controller.js';
import { MfaChallenges } from './mfa/mfa-challenges.service.js';
import { MfaEnrolmentGuard } from './mfa/mfa-enrolment.guard.js';
import { MfaController } from './mfa/mfa.controller.js';
import { MfaService } from './mfa/mfa.service.js';
import { PASSKEY_CONTROLLERS, PASSKEY_PROVIDERS } from './passkeys/passkeys.providers.js';
import { SSO_CONTROLLERS, SSO_PROVIDERS } from './sso/sso.providers.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

// Loaded at run time for the same reason as in auth-throttler.guard.ts (a CommonJS package on ESM Nest).
const { ThrottlerModule } = await import('@nestjs/throttler');

const MINUTE_MS = 60_000;

/**
 * Identity and access: accounts, households, sign-in, tokens, and the global guards that make every
 * route private unless marked public and confine every query to the caller's household.
 */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: config.auth.jwtSecret }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [REDIS, AppConfig],
      useFactory: (redis: Redis, config: AppConfig) => ({
        throttlers: [
          { name: IP_THROTTLER, ttl: MINUTE_MS, limit: config.auth.rateLimitPerMinute },
          {
            name: ACCOUNT_THROTTLER,
            ttl: MINUTE_MS,
            limit: Math.max(1, Math.floor(config.auth.rateLimitPerMinute / 2)),
            getTracker: accountTracker,
          },
        ],
        storage: new RedisThrottlerStorage(redis),
      }),
    }),
  ],
  controllers: [
    AuthController,
    MfaController,
    UsersController,
    MfaAdminController,
    InvitesController,
    RegistrationSettingsController,
    ...SSO_CONTROLLERS,
    ...PASSKEY_CONTROLLERS,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
    // After authentication and the role checks: a session that must enrol in 2FA is held at enrolment.
    { provide: APP_GUARD, useClass: MfaEnrolmentGuard },
    AuthThrottlerGuard,
    JwtStrategy,
    SessionPrincipals,
    JobBoardAccess,
    ApiTokenStrategy,
    PasswordHasher,
    LoginAttempts,
    TokenIssuer,
    MfaService,
    MfaChallenges,
    AuthService,
    RegistrationService,
    EmailVerificationService,
    PasswordResetService,
    ApiTokensService,
    InvitesService,
    UsersService,
    ...SSO_PROVIDERS,
    ...PASSKEY_PROVIDERS,
  ],
  exports: [AuthService, UsersService, JobBoardAccess],
})
export class UsersModule {}
