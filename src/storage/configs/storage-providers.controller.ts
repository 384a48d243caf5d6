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
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPaginatedResponse, mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { InstanceAdmin } from '../../users/auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import { ConnectionTestResultDto, TestStorageSettingsDto } from './dto/connection-test.dto.js';
import {
  CreateStorageProviderDto,
  StorageProviderDto,
  StorageProviderListQuery,
  UpdateStorageProviderDto,
} from './dto/storage-provider.dto.js';
import { STORAGE_SETTINGS_CLASSES } from './dto/storage-settings.dto.js';
import { StorageProviderConfigsService } from './storage-provider-configs.service.js';
import { StorageProviderTestsService, type ConnectionTestOutcome } from './storage-provider-tests.service.js';

const toResultDto = (outcome: ConnectionTestOutcome) =>
  ConnectionTestResultDto.from(outcome.result, outcome.testedAt, outcome.hostKeyFingerprint);

/** Named storage back ends for photos and backups (instance admins). */
@ApiTags('storage')
@ApiExtraModels(...STORAGE_SETTINGS_CLASSES)
@InstanceAdmin()
@Controller('storage/providers')
export class StorageProvidersController {
  constructor(
    private readonly configs: StorageProviderConfigsService,
    private readonly tests: StorageProviderTestsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the storage providers (instance admins)' })
  @ApiPaginatedResponse(StorageProviderDto)
  async list(@Query() query: StorageProviderListQuery): Promise<Paginated<StorageProviderDto>> {
    return mapPage(await this.configs.list(query), (config) => StorageProviderDto.from(config));
  }

  @Post()
  @ApiOperation({
    summary: 'Save a storage provider; its secrets are encrypted and never returned (instance admins)',
  })
  @ApiCreatedResponse({ type: StorageProviderDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateStorageProviderDto,
    @Origin() origin: RequestOrigin,
  ): Promise<StorageProviderDto> {
    return StorageProviderDto.from(await this.configs.create(principal, body, origin));
  }

  @Post('test')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Test settings before saving them: write, read, list and delete a probe (instance admins)',
  })
  @ApiOkResponse({ type: ConnectionTestResultDto })
  async testUnsaved(@Body() body: TestStorageSettingsDto): Promise<ConnectionTestResultDto> {
    return toResultDto(await this.tests.testUnsaved(body.settings));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One storage provider (instance admins)' })
  @ApiOkResponse({ type: StorageProviderDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<StorageProviderDto> {
    return StorageProviderDto.from(await this.configs.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a storage provider; secrets left out are kept, null clears one (instance admins)',
  })
  @ApiOkResponse({ type: StorageProviderDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateStorageProviderDto,
    @Origin() origin: RequestOrigin,
  ): Promise<StorageProviderDto> {
    return StorageProviderDto.from(await this.configs.update(principal, id, body, origin));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a storage provider; 409 while photos are stored on it (instance admins)' })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    await this.configs.delete(principal, id, origin);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Test a saved provider: write, read, list and delete a probe, and keep the result; pins an SFTP host key on first success (instance admins)',
  })
  @ApiOkResponse({ type: ConnectionTestResultDto })
  async test(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<ConnectionTestResultDto> {
    return toResultDto(await this.tests.testSaved(principal, id, origin));
  }
}
