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
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPaginatedResponse, mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { InstanceAdmin } from '../../users/auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import {
  BackupPolicyDto,
  BackupPolicyListQuery,
  CreateBackupPolicyDto,
  RetentionPreviewDto,
  RetentionRulesDto,
  UpdateBackupPolicyDto,
} from '../dto/backup-policy.dto.js';
import { BackupJobAcceptedDto } from '../dto/backup-run.dto.js';
import type { BackupPolicy } from '../backup-policy.entity.js';
import { BackupRunsService } from '../runs/backup-runs.service.js';
import { BackupPoliciesService } from './backup-policies.service.js';

/** Backup policies (instance admins). */
@ApiTags('backups')
@InstanceAdmin()
@Controller('backups/policies')
export class BackupPoliciesController {
  constructor(
    private readonly policies: BackupPoliciesService,
    private readonly runs: BackupRunsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the backup policies (instance admins)' })
  @ApiPaginatedResponse(BackupPolicyDto)
  async list(@Query() query: BackupPolicyListQuery): Promise<Paginated<BackupPolicyDto>> {
    return mapPage(await this.policies.list(query), (policy) => this.toDto(policy));
  }

  @Post()
  @ApiOperation({ summary: 'Create a backup policy (instance admins)' })
  @ApiCreatedResponse({ type: BackupPolicyDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateBackupPolicyDto,
    @Origin() origin: RequestOrigin,
  ): Promise<BackupPolicyDto> {
    return this.toDto(await this.policies.create(principal, body, origin));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One backup policy with its next five runs (instance admins)' })
  @ApiOkResponse({ type: BackupPolicyDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<BackupPolicyDto> {
    return this.toDto(await this.policies.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a backup policy (instance admins)' })
  @ApiOkResponse({ type: BackupPolicyDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateBackupPolicyDto,
    @Origin() origin: RequestOrigin,
  ): Promise<BackupPolicyDto> {
    return this.toDto(await this.policies.update(principal, id, body, origin));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a backup policy; its backups stay (instance admins)' })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    await this.policies.delete(principal, id, origin);
  }

  @Post(':id/run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start a backup now; 409 while one of the policy is running (instance admins)' })
  @ApiAcceptedResponse({ type: BackupJobAcceptedDto })
  async run(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<BackupJobAcceptedDto> {
    const run = await this.runs.startNow(principal, id, origin);
    return Object.assign(new BackupJobAcceptedDto(), { runId: run.id, job: 'run' });
  }

  @Post(':id/retention-preview')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Which of the policy's backups these retention rules would keep and delete (instance admins)",
  })
  @ApiOkResponse({ type: RetentionPreviewDto })
  async previewRetention(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() rules: RetentionRulesDto,
  ): Promise<RetentionPreviewDto> {
    return Object.assign(new RetentionPreviewDto(), await this.policies.previewRetention(id, { ...rules }));
  }

  private toDto(policy: BackupPolicy): BackupPolicyDto {
    return BackupPolicyDto.from(policy, this.policies.nextRuns(policy));
  }
}
