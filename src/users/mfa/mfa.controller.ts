import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { problemResponse } from '../../common/errors/problem-response.js';
import { AccountSelfService, InstanceAdmin } from '../auth/access.decorators.js';
import { AuthThrottlerGuard } from '../auth/auth-throttler.guard.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../auth/principal.js';
import { MfaPolicyDto, UpdateMfaPolicyDto } from './dto/mfa-policy.dto.js';
import { MfaStatusDto } from './dto/mfa-status.dto.js';
import { RecoveryCodesDto } from './dto/recovery-codes.dto.js';
import { ConfirmWithSecondFactorDto } from './dto/second-factor.dto.js';
import { ConfirmTotpDto, StartTotpSetupDto, TotpSetupDto } from './dto/totp-setup.dto.js';
import { MfaEnrolmentExempt } from './mfa-enrolment.guard.js';
import { MfaService } from './mfa.service.js';

const WRONG_PASSWORD_OR_TOKEN = problemResponse(
  'Wrong password, or called with an API token (two-factor sign-in is managed from a session)',
);
const WRONG_CONFIRMATION = problemResponse(
  'Wrong password or code, or called with an API token (two-factor sign-in is managed from a session)',
);
const THROTTLED = problemResponse('Too many attempts; wait for Retry-After');

/** My two-factor sign-in (authenticator app and recovery codes), and the instance's policy. */
@ApiTags('auth')
@Controller('auth/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @MfaEnrolmentExempt()
  @Get()
  @ApiOperation({ summary: 'My two-factor sign-in: on or off, recovery codes left, required or not' })
  @ApiOkResponse({ type: MfaStatusDto })
  async status(@CurrentPrincipal() principal: Principal): Promise<MfaStatusDto> {
    return this.mfa.status(principal);
  }

  @MfaEnrolmentExempt()
  @AccountSelfService()
  @UseGuards(AuthThrottlerGuard)
  @Post('totp/setup')
  @ApiOperation({
    summary: 'Start setting up an authenticator app (needs my password); the secret is shown this once',
  })
  @ApiCreatedResponse({ type: TotpSetupDto })
  @ApiResponse({ status: 403, ...WRONG_PASSWORD_OR_TOKEN })
  @ApiResponse({ status: 409, ...problemResponse('Two-factor sign-in is already on') })
  @ApiResponse({ status: 429, ...THROTTLED })
  startTotpSetup(
    @CurrentPrincipal() principal: Principal,
    @Body() body: StartTotpSetupDto,
  ): Promise<TotpSetupDto> {
    return this.mfa.startTotpSetup(principal, body.password);
  }

  @MfaEnrolmentExempt()
  @AccountSelfService()
  @UseGuards(AuthThrottlerGuard)
  @Post('totp/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Turn two-factor sign-in on with a code from the app; returns the recovery codes this once',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiResponse({ status: 403, ...problemResponse('Called with an API token') })
  @ApiResponse({
    status: 409,
    ...problemResponse('No set-up was started, or two-factor sign-in is already on'),
  })
  @ApiResponse({ status: 422, ...problemResponse('The code does not match') })
  @ApiResponse({ status: 429, ...THROTTLED })
  async confirmTotp(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ConfirmTotpDto,
    @Origin() origin: RequestOrigin,
  ): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.mfa.confirmTotp(principal, body.code, origin) };
  }

  @AccountSelfService()
  @UseGuards(AuthThrottlerGuard)
  @Post('totp/disable')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Turn two-factor sign-in off (needs my password and a current or recovery code)' })
  @ApiNoContentResponse()
  @ApiResponse({ status: 403, ...WRONG_CONFIRMATION })
  @ApiResponse({ status: 409, ...problemResponse('Two-factor sign-in is not on') })
  @ApiResponse({ status: 429, ...THROTTLED })
  disable(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ConfirmWithSecondFactorDto,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.mfa.disable(principal, body.password, body, origin);
  }

  @AccountSelfService()
  @UseGuards(AuthThrottlerGuard)
  @Post('recovery-codes/regenerate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace my recovery codes (the old ones stop working); needs my password and a code',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiResponse({ status: 403, ...WRONG_CONFIRMATION })
  @ApiResponse({ status: 409, ...problemResponse('Two-factor sign-in is not on') })
  @ApiResponse({ status: 429, ...THROTTLED })
  async regenerateRecoveryCodes(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ConfirmWithSecondFactorDto,
    @Origin() origin: RequestOrigin,
  ): Promise<RecoveryCodesDto> {
    return {
      recoveryCodes: await this.mfa.regenerateRecoveryCodes(principal, body.password, body, origin),
    };
  }

  @InstanceAdmin()
  @Get('policy')
  @ApiOperation({ summary: 'Who must use two-factor sign-in (instance admins)' })
  @ApiOkResponse({ type: MfaPolicyDto })
  @ApiResponse({ status: 403, ...problemResponse('Not an administrator of the instance') })
  async policy(): Promise<MfaPolicyDto> {
    const { value, version } = await this.mfa.policy();
    return { mode: value, version };
  }

  @InstanceAdmin()
  @Put('policy')
  @ApiOperation({
    summary: 'Require two-factor sign-in of nobody, household admins or everyone (instance admins)',
  })
  @ApiOkResponse({ type: MfaPolicyDto })
  @ApiResponse({ status: 403, ...problemResponse('Not an administrator of the instance') })
  @ApiResponse({ status: 409, ...problemResponse('The policy was changed meanwhile (stale version)') })
  @ApiResponse({
    status: 422,
    ...problemResponse('Requiring two-factor sign-in while it is off for my own account'),
  })
  async updatePolicy(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateMfaPolicyDto,
    @Origin() origin: RequestOrigin,
  ): Promise<MfaPolicyDto> {
    const { value, version } = await this.mfa.setPolicy(principal, body.mode, body.version, origin);
    return { mode: value, version };
  }
}
