import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPaginatedResponse, mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { InstanceAdmin } from '../../users/auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import {
  BackupJobAcceptedDto,
  BackupRunDto,
  BackupRunListQuery,
  RestoreBackupDto,
  VerifyBackupDto,
} from '../dto/backup-run.dto.js';
import { BackupHealthDto } from '../dto/backup-health.dto.js';
import { BackupHealthService } from './backup-health.service.js';
import { BackupRunsService } from './backup-runs.service.js';

/** Backup runs: history, progress, verification and restore (instance admins). */
@ApiTags('backups')
@InstanceAdmin()
@Controller('backups/runs')
export class BackupRunsController {
  constructor(
    private readonly runs: BackupRunsService,
    private readonly healthSummary: BackupHealthService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List backup runs, newest first (instance admins)' })
  @ApiPaginatedResponse(BackupRunDto)
  async list(@Query() query: BackupRunListQuery): Promise<Paginated<BackupRunDto>> {
    return mapPage(await this.runs.list(query), (run) => BackupRunDto.from(run));
  }

  @Get('health')
  @ApiOperation({
    summary: 'The newest verified backup, the last failure and the storage used per target (instance admins)',
  })
  @ApiOkResponse({ type: BackupHealthDto })
  health(): Promise<BackupHealthDto> {
    return this.healthSummary.health();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One backup run with its progress, targets and verifications (instance admins)' })
  @ApiOkResponse({ type: BackupRunDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<BackupRunDto> {
    return BackupRunDto.from(await this.runs.get(id));
  }

  @Post(':id/verify')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Verify a backup: quick, full or drill; the result is added to the run (instance admins)',
  })
  @ApiAcceptedResponse({ type: BackupJobAcceptedDto })
  async verify(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: VerifyBackupDto,
  ): Promise<BackupJobAcceptedDto> {
    const run = await this.runs.requestVerify(id, body.level);
    return Object.assign(new BackupJobAcceptedDto(), { runId: run.id, job: 'verify' });
  }

  @Post(':id/restore')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Restore a backup: a safety backup first, then the database is replaced in one transaction while writes answer 503 (instance admins)',
  })
  @ApiAcceptedResponse({ type: BackupJobAcceptedDto })
  async restore(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RestoreBackupDto,
    @Origin() origin: RequestOrigin,
  ): Promise<BackupJobAcceptedDto> {
    const run = await this.runs.requestRestore(principal, id, body.confirm, origin);
    return Object.assign(new BackupJobAcceptedDto(), { runId: run.id, job: 'restore' });
  }
}
