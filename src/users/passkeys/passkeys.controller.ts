import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { problemResponse } from '../../common/errors/problem-response.js';
import { Public } from '../../common/http/public.decorator.js';
import { AccountSelfService } from '../auth/access.decorators.js';
import { AuthThrottlerGuard } from '../auth/auth-throttler.guard.js';
import { TokenResponseDto } from '../auth/dto/token-response.dto.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../auth/principal.js';
import { MfaEnrolmentExempt } from '../mfa/mfa-enrolment.guard.js';
import { MfaService } from '../mfa/mfa.service.js';
import {
  PasskeyDto,
  PasskeyMfaOptionsDto,
  PasskeyRequestDto,
  PasskeyAssertionDto,
  RegisterPasskeyDto,
  UpdatePasskeyDto,
} from './dto/passkey.dto.js';
import { CreationOptionsDto } from './dto/webauthn.dto.js';
import { PasskeysService } from './passkeys.service.js';

const INVALID_BODY = problemResponse('The body is malformed (field errors in `errors`)');
const SESSION_ONLY = problemResponse('Called with an API token (passkeys are managed from a session)');
const NOT_FOUND = problemResponse('No passkey of mine has this id');
const THROTTLED = problemResponse('Too many attempts; wait for Retry-After');

/**
 * My passkeys (WebAuthn), password-less sign-in with one, and a passkey as the second step of a
 * password sign-in. The browser runs the ceremonies (`navigator.credentials.create/get` on the options
 * given here); the answers are checked against PUBLIC_URL's origin.
 */
@ApiTags('auth')
@Controller('auth/passkeys')
export class PasskeysController {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly mfa: MfaService,
  ) {}

  // Listing and adding passkeys stay open to a session held at two-factor enrolment: a passkey is a
  // second factor, so adding one is a way to enrol.
  @MfaEnrolmentExempt()
  @Get()
  @ApiOperation({ summary: 'List my passkeys' })
  @ApiOkResponse({ type: [PasskeyDto] })
  async list(@CurrentPrincipal() principal: Principal): Promise<PasskeyDto[]> {
    return (await this.passkeys.list(principal)).map((passkey) => PasskeyDto.from(passkey));
  }

  @MfaEnrolmentExempt()
  @AccountSelfService()
  @Post('registration/options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start adding a passkey: options for navigator.credentials.create() (valid 5 minutes)',
  })
  @ApiOkResponse({ type: CreationOptionsDto })
  @ApiResponse({ status: 403, ...SESSION_ONLY })
  registrationOptions(@CurrentPrincipal() principal: Principal): Promise<CreationOptionsDto> {
    return this.passkeys.registrationOptions(principal);
  }

  @MfaEnrolmentExempt()
  @AccountSelfService()
  @Post('registration')
  @ApiOperation({ summary: "Finish adding a passkey with the browser's answer to the options" })
  @ApiCreatedResponse({ type: PasskeyDto })
  @ApiResponse({
    status: 400,
    ...problemResponse(
      'Malformed body, no registration pending (or expired), or an answer that does not verify (wrong origin, challenge, …)',
    ),
  })
  @ApiResponse({ status: 403, ...SESSION_ONLY })
  @ApiResponse({ status: 409, ...problemResponse('This passkey is already registered') })
  async register(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RegisterPasskeyDto,
    @Origin() origin: RequestOrigin,
  ): Promise<PasskeyDto> {
    return PasskeyDto.from(await this.passkeys.register(principal, body, origin));
  }

  @AccountSelfService()
  @Patch(':id')
  @ApiOperation({ summary: 'Rename one of my passkeys, or change whether it signs in without my password' })
  @ApiOkResponse({ type: PasskeyDto })
  @ApiResponse({ status: 400, ...INVALID_BODY })
  @ApiResponse({ status: 403, ...SESSION_ONLY })
  @ApiResponse({ status: 404, ...NOT_FOUND })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePasskeyDto,
    @Origin() origin: RequestOrigin,
  ): Promise<PasskeyDto> {
    return PasskeyDto.from(await this.passkeys.update(principal, id, body, origin));
  }

  @AccountSelfService()
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke one of my passkeys' })
  @ApiNoContentResponse()
  @ApiResponse({ status: 400, ...problemResponse('The id is not a UUID') })
  @ApiResponse({ status: 403, ...SESSION_ONLY })
  @ApiResponse({ status: 404, ...NOT_FOUND })
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.passkeys.remove(principal, id, origin);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('login/options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start signing in with a passkey alone: options for navigator.credentials.get() (5 minutes)',
  })
  @ApiOkResponse({ type: PasskeyRequestDto })
  @ApiResponse({ status: 429, ...THROTTLED })
  signInOptions(): Promise<PasskeyRequestDto> {
    return this.passkeys.signInOptions();
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Sign in with a passkey alone (its owner allowed it): the browser's answer to the options",
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiResponse({ status: 400, ...INVALID_BODY })
  @ApiResponse({
    status: 401,
    ...problemResponse(
      'Request expired or already used, unknown or revoked passkey, an answer that does not verify (wrong origin, counter went back), a passkey not allowed to sign in alone, or a disabled account',
    ),
  })
  @ApiResponse({ status: 429, ...THROTTLED })
  async signIn(
    @Body() body: PasskeyAssertionDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TokenResponseDto> {
    const { tokens, user } = await this.passkeys.signIn(body.requestId, body.response, origin);
    return TokenResponseDto.from(tokens, user, {
      mfaEnrolmentRequired: await this.mfa.enrolmentRequired(user.id, user.role),
    });
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('mfa/options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Start confirming a password sign-in with a passkey: options for the challenge of POST /auth/login; answer at POST /auth/mfa',
  })
  @ApiOkResponse({ type: PasskeyRequestDto })
  @ApiResponse({ status: 400, ...INVALID_BODY })
  @ApiResponse({ status: 401, ...problemResponse('The challenge is unknown, expired or dead') })
  @ApiResponse({ status: 404, ...problemResponse('The account has no passkey') })
  @ApiResponse({ status: 429, ...THROTTLED })
  secondFactorOptions(@Body() body: PasskeyMfaOptionsDto): Promise<PasskeyRequestDto> {
    return this.passkeys.secondFactorOptions(body.challenge);
  }
}
