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
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemResponse } from '../../common/errors/problem-response.js';
import { Public } from '../../common/http/public.decorator.js';
import { AppConfig } from '../../config/app-config.js';
import { AccountSelfService } from '../auth/access.decorators.js';
import { AuthThrottlerGuard } from '../auth/auth-throttler.guard.js';
import { TokenResponseDto } from '../auth/dto/token-response.dto.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../auth/principal.js';
import { SsoExchangeDto } from './dto/sso-exchange.dto.js';
import { SsoProviderButtonDto } from './dto/sso-provider.dto.js';
import { UserIdentityDto } from './dto/user-identity.dto.js';
import { SsoFailure, SsoLoginService } from './sso-login.service.js';
import { SsoProvidersService } from './sso-providers.service.js';
import { UserIdentitiesService } from './user-identities.service.js';

/** Cookie binding a started sign-in to the browser that started it (against login CSRF). */
export const SSO_BROWSER_COOKIE = 'wt_sso';
const SSO_PATH = '/api/v1/auth/sso';
/** As long as a started sign-in lives. */
const BROWSER_COOKIE_TTL_SECONDS = 10 * 60;

const LOCATION_HEADER = {
  Location: { description: 'Where the browser goes next', schema: { type: 'string' } },
};

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/**
 * Single sign-on with OpenID Connect: the login screen's buttons, the browser round trip to the
 * provider, the exchange of its outcome for tokens, and the caller's linked identities. The start and
 * callback routes are navigated to by the browser and answer with redirects, also on failure (to
 * `/admin/login?ssoError=<reason>`), since a person is looking at them.
 */
@ApiTags('auth')
@Controller('auth/sso')
export class SsoController {
  constructor(
    private readonly providers: SsoProvidersService,
    private readonly login: SsoLoginService,
    private readonly identities: UserIdentitiesService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('providers/public')
  @ApiOperation({ summary: 'The single sign-on buttons of the login screen' })
  @ApiOkResponse({ type: [SsoProviderButtonDto] })
  async buttons(): Promise<SsoProviderButtonDto[]> {
    return (await this.providers.enabled()).map((provider) =>
      Object.assign(new SsoProviderButtonDto(), {
        slug: provider.slug,
        buttonLabel: provider.buttonLabel,
        startUrl: `${SSO_PATH}/${provider.slug}/start`,
      }),
    );
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Get(':slug/start')
  @ApiOperation({
    summary:
      'Start signing in with a provider: redirects the browser to it (PKCE, state and nonce); open it in the browser',
  })
  @ApiFoundResponse({
    description: "To the provider's authorization page, or to /admin/login?ssoError=<reason>",
    headers: LOCATION_HEADER,
  })
  async start(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      const started = await this.login.start(slug, cookie(request.headers.cookie, SSO_BROWSER_COOKIE));
      const secure = this.config.http.publicUrl.startsWith('https:') ? '; Secure' : '';
      // SameSite=Lax: the cookie must come along on the provider's top-level redirect back to us.
      void reply.header(
        'set-cookie',
        `${SSO_BROWSER_COOKIE}=${started.browser}; Path=${SSO_PATH}; Max-Age=${BROWSER_COOKIE_TTL_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
      );
      await reply.redirect(started.authorizationUrl, HttpStatus.FOUND);
    } catch (error) {
      if (!(error instanceof SsoFailure)) throw error;
      await reply.redirect(this.loginPage(error), HttpStatus.FOUND);
    }
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Get(':slug/callback')
  @ApiOperation({
    summary:
      "The provider's redirect back: signs in and sends the browser to the console with a one-time code",
  })
  @ApiFoundResponse({
    description: 'To /admin/sso-complete?code=<one-time code>, or to /admin/login?ssoError=<reason>',
    headers: LOCATION_HEADER,
  })
  async callback(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Origin() origin: RequestOrigin,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    try {
      const code = await this.login.complete(
        slug,
        query,
        cookie(request.headers.cookie, SSO_BROWSER_COOKIE),
        origin,
      );
      const target = new URL(`${this.config.http.publicUrl}/admin/sso-complete`);
      target.searchParams.set('code', code);
      await reply.redirect(target.href, HttpStatus.FOUND);
    } catch (error) {
      if (!(error instanceof SsoFailure)) throw error;
      await reply.redirect(this.loginPage(error), HttpStatus.FOUND);
    }
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('exchange')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange the one-time code of a single sign-on for tokens (60 s, single use)' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiResponse({ status: 401, ...problemResponse('Unknown, used or expired code, or a disabled account') })
  async exchange(@Body() body: SsoExchangeDto, @Origin() origin: RequestOrigin): Promise<TokenResponseDto> {
    const { tokens, user, mfaEnrolmentRequired } = await this.login.exchange(body.code, origin);
    return TokenResponseDto.from(tokens, user, { mfaEnrolmentRequired });
  }

  @Get('identities')
  @ApiOperation({ summary: 'List the identity-provider accounts linked to mine' })
  @ApiOkResponse({ type: [UserIdentityDto] })
  async listIdentities(@CurrentPrincipal() principal: Principal): Promise<UserIdentityDto[]> {
    return (await this.identities.list(principal)).map((identity) => UserIdentityDto.from(identity));
  }

  @AccountSelfService()
  @Delete('identities/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unlink an identity-provider account from mine' })
  @ApiNoContentResponse()
  @ApiResponse({
    status: 409,
    ...problemResponse('It is my only way in: no other identity and no usable password'),
  })
  unlinkIdentity(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.identities.unlink(principal, id, origin);
  }

  private loginPage(failure: SsoFailure): string {
    const target = new URL(`${this.config.http.publicUrl}/admin/login`);
    target.searchParams.set('ssoError', failure.reason);
    return target.href;
  }
}
