import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { problemResponse } from '../../common/errors/problem-response.js';
import { Public } from '../../common/http/public.decorator.js';
import { MfaEnrolmentExempt } from '../mfa/mfa-enrolment.guard.js';
import { MfaService } from '../mfa/mfa.service.js';
import { AccountSelfService, InstanceAdmin } from './access.decorators.js';
import { JobBoardAccess } from './job-board-access.service.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AuthThrottlerGuard } from './auth-throttler.guard.js';
import { AuthService } from './auth.service.js';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto } from './dto/api-token.dto.js';
import { AuthConfigDto } from './dto/auth-config.dto.js';
import {
  LinkTokenDto,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  RegisterDto,
  VerifyEmailCodeDto,
} from './dto/credentials.dto.js';
import { MfaChallengeDto, MfaSignInDto } from './dto/mfa-challenge.dto.js';
import { SessionDto } from './dto/session.dto.js';
import { TokenResponseDto } from './dto/token-response.dto.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from './principal.js';
import { RegistrationService } from './registration.service.js';

const TOO_MANY_SIGN_INS = problemResponse(
  'Too many failed sign-ins for this account (wrong passwords and codes alike) or from this address',
);

/** Signing up, in and out; sessions; email verification; password reset; personal API tokens. */
@ApiTags('auth')
@ApiExtraModels(TokenResponseDto, MfaChallengeDto)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly registration: RegistrationService,
    private readonly verification: EmailVerificationService,
    private readonly passwordReset: PasswordResetService,
    private readonly apiTokens: ApiTokensService,
    private readonly jobBoard: JobBoardAccess,
    private readonly mfa: MfaService,
  ) {}

  @Public()
  @Get('config')
  @ApiOperation({ summary: 'What the sign-in screen needs: first run, registration mode, mail' })
  @ApiOkResponse({ type: AuthConfigDto })
  config(): Promise<AuthConfigDto> {
    return this.registration.configuration();
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('register')
  @ApiOperation({ summary: 'Create an account (the first one becomes admin) and sign it in' })
  @ApiCreatedResponse({ type: TokenResponseDto })
  async register(@Body() body: RegisterDto, @Origin() origin: RequestOrigin): Promise<TokenResponseDto> {
    const { tokens, user } = await this.registration.register(body, origin);
    return TokenResponseDto.from(tokens, user, {
      mfaEnrolmentRequired: await this.mfa.enrolmentRequired(user.id, user.role),
    });
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Sign in with email and password; with two-factor sign-in on, get a challenge for POST /auth/mfa',
  })
  @ApiOkResponse({
    description:
      'Tokens, or (two-factor sign-in on) a challenge: an answer with `mfaRequired: true` holds no tokens',
    schema: { oneOf: [{ $ref: getSchemaPath(TokenResponseDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] },
  })
  @ApiResponse({ status: 401, ...problemResponse('Wrong email or password, or a disabled account') })
  @ApiResponse({ status: 429, ...TOO_MANY_SIGN_INS })
  async login(
    @Body() body: LoginDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TokenResponseDto | MfaChallengeDto> {
    const outcome = await this.auth.login(body.email, body.password, origin);
    if (outcome.kind === 'mfa_challenge') {
      return Object.assign(new MfaChallengeDto(), {
        mfaRequired: true as const,
        challenge: outcome.challenge,
        expiresIn: outcome.expiresIn,
        methods: outcome.methods,
      });
    }
    return TokenResponseDto.from(outcome.tokens, outcome.user, {
      mfaEnrolmentRequired: outcome.mfaEnrolmentRequired,
    });
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('mfa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Complete a sign-in: the challenge and a code of the authenticator app or a recovery code',
  })
  @ApiOkResponse({
    type: TokenResponseDto,
    description:
      'The session; `recoveryCodesRemaining` tells how many are left when a recovery code was used',
  })
  @ApiResponse({
    status: 401,
    ...problemResponse('Wrong or already used code, or the challenge expired or died after 5 wrong codes'),
  })
  @ApiResponse({ status: 429, ...TOO_MANY_SIGN_INS })
  async completeMfaSignIn(
    @Body() body: MfaSignInDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TokenResponseDto> {
    const { tokens, user, recoveryCodesRemaining } = await this.auth.completeMfaSignIn(
      body.challenge,
      { code: body.code, recoveryCode: body.recoveryCode, passkey: body.passkey },
      origin,
    );
    return TokenResponseDto.from(tokens, user, { mfaEnrolmentRequired: false, recoveryCodesRemaining });
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (the old one dies)' })
  @ApiOkResponse({ type: TokenResponseDto })
  async refresh(@Body() body: RefreshDto, @Origin() origin: RequestOrigin): Promise<TokenResponseDto> {
    const { tokens, user } = await this.auth.refresh(body.refreshToken, origin);
    return TokenResponseDto.from(tokens, user, {
      mfaEnrolmentRequired: await this.mfa.enrolmentRequired(user.id, user.role),
    });
  }

  @MfaEnrolmentExempt()
  @AccountSelfService()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: end the current session' })
  @ApiNoContentResponse()
  logout(@CurrentPrincipal() principal: Principal, @Origin() origin: RequestOrigin): Promise<void> {
    return this.auth.logout(principal, origin);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'List my signed-in devices' })
  @ApiOkResponse({ type: [SessionDto] })
  async sessions(@CurrentPrincipal() principal: Principal): Promise<SessionDto[]> {
    return (await this.auth.sessions(principal)).map((session) =>
      SessionDto.from(session, principal.sessionId),
    );
  }

  @AccountSelfService()
  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out one of my devices' })
  @ApiNoContentResponse()
  revokeSession(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.auth.revokeSession(principal, id, 'revoked', origin);
  }

  @AccountSelfService()
  @UseGuards(AuthThrottlerGuard)
  @Post('verify-email')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Verify my email address with the 6-digit code from the mail' })
  @ApiNoContentResponse()
  verifyEmail(
    @CurrentPrincipal() principal: Principal,
    @Body() body: VerifyEmailCodeDto,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.verification.verifyCode(principal, body.code, origin);
  }

  @AccountSelfService()
  @UseGuards(AuthThrottlerGuard)
  @Post('verify-email/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Mail me a new verification code' })
  @ApiAcceptedResponse()
  resendVerification(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.verification.resend(principal);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('verify-email/link')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Verify an email address with the token of the mailed link' })
  @ApiNoContentResponse()
  verifyEmailLink(@Body() body: LinkTokenDto, @Origin() origin: RequestOrigin): Promise<void> {
    return this.verification.verifyLink(body.token, origin);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('password-reset/request')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Mail a password-reset link (the answer is the same whether the address exists or not)',
  })
  @ApiAcceptedResponse()
  requestPasswordReset(
    @Body() body: PasswordResetRequestDto,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.passwordReset.request(body.email, origin);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with a reset token; signs out every device' })
  @ApiNoContentResponse()
  confirmPasswordReset(
    @Body() body: PasswordResetConfirmDto,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.passwordReset.confirm(body.token, body.newPassword, origin);
  }

  @InstanceAdmin()
  @Post('job-board-session')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Let this browser open the job board at /admin/queues for 15 minutes (instance admins)',
  })
  @ApiNoContentResponse({ description: 'Sets an HttpOnly cookie scoped to /admin/queues' })
  async jobBoardSession(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    void reply.header('set-cookie', await this.jobBoard.cookieFor(principal));
  }

  @Get('api-tokens')
  @ApiOperation({ summary: 'List my personal API tokens' })
  @ApiOkResponse({ type: [ApiTokenDto] })
  async listApiTokens(@CurrentPrincipal() principal: Principal): Promise<ApiTokenDto[]> {
    return (await this.apiTokens.list(principal)).map((token) => ApiTokenDto.from(token));
  }

  @AccountSelfService()
  @Post('api-tokens')
  @ApiOperation({ summary: 'Create a personal API token (its secret is shown once)' })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  async createApiToken(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiTokenDto,
    @Origin() origin: RequestOrigin,
  ): Promise<CreatedApiTokenDto> {
    const { apiToken, token } = await this.apiTokens.create(principal, body, origin);
    return Object.assign(new CreatedApiTokenDto(), ApiTokenDto.from(apiToken), { token });
  }

  @AccountSelfService()
  @Delete('api-tokens/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke one of my personal API tokens' })
  @ApiNoContentResponse()
  revokeApiToken(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.apiTokens.revoke(principal, id, origin);
  }
}
