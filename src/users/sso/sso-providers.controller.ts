import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
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
import { ApiPaginatedResponse, mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { InstanceAdmin } from '../auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../auth/principal.js';
import {
  CreateSsoProviderDto,
  SsoProviderDto,
  SsoProviderListQuery,
  UpdateSsoProviderDto,
} from './dto/sso-provider.dto.js';
import type { SsoProviderView } from './sso-provider-settings.js';
import { SsoProvidersService } from './sso-providers.service.js';

const NOT_FOUND = problemResponse('No provider has this slug');
const UNDISCOVERABLE = problemResponse(
  'The issuer is not allowed (http:// beyond this machine) or could not be discovered, or the household does not exist',
);

/** The OpenID Connect providers of single sign-on (instance admins). */
@ApiTags('auth')
@InstanceAdmin()
@Controller('auth/sso/providers')
export class SsoProvidersController {
  constructor(private readonly providers: SsoProvidersService) {}

  @Get()
  @ApiOperation({
    summary: 'List the single sign-on providers, the environment’s included (instance admins)',
  })
  @ApiPaginatedResponse(SsoProviderDto)
  async list(@Query() query: SsoProviderListQuery): Promise<Paginated<SsoProviderDto>> {
    return mapPage(await this.providers.list(query), (provider) => this.toDto(provider));
  }

  @Post()
  @ApiOperation({
    summary:
      'Add a single sign-on provider; its issuer is discovered first, its client secret encrypted and never returned (instance admins)',
  })
  @ApiCreatedResponse({ type: SsoProviderDto })
  @ApiResponse({ status: 409, ...problemResponse('The slug is taken') })
  @ApiResponse({ status: 422, ...UNDISCOVERABLE })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateSsoProviderDto,
    @Origin() origin: RequestOrigin,
  ): Promise<SsoProviderDto> {
    return this.toDto(await this.providers.create(principal, body, origin));
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One single sign-on provider (instance admins)' })
  @ApiOkResponse({ type: SsoProviderDto })
  @ApiResponse({ status: 404, ...NOT_FOUND })
  async get(@Param('slug') slug: string): Promise<SsoProviderDto> {
    return this.toDto(await this.providers.get(slug));
  }

  @Patch(':slug')
  @ApiOperation({
    summary:
      'Change a single sign-on provider; a client secret left out is kept, null removes it (instance admins)',
  })
  @ApiOkResponse({ type: SsoProviderDto })
  @ApiResponse({ status: 404, ...NOT_FOUND })
  @ApiResponse({
    status: 409,
    ...problemResponse('Stale version, or the provider of the environment variables (read-only)'),
  })
  @ApiResponse({ status: 422, ...UNDISCOVERABLE })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Body() body: UpdateSsoProviderDto,
    @Origin() origin: RequestOrigin,
  ): Promise<SsoProviderDto> {
    return this.toDto(await this.providers.update(principal, slug, body, origin));
  }

  @Delete(':slug')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a single sign-on provider; linked identities are kept (instance admins)',
  })
  @ApiNoContentResponse()
  @ApiResponse({ status: 404, ...NOT_FOUND })
  @ApiResponse({ status: 409, ...problemResponse('The provider of the environment variables (read-only)') })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    await this.providers.delete(principal, slug, origin);
  }

  private toDto(provider: SsoProviderView): SsoProviderDto {
    return SsoProviderDto.from(provider, this.providers.callbackUrl(provider.slug));
  }
}
