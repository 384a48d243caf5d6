import { getQueueToken } from '@nestjs/bull';
import { Controller, Get, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { QUEUES } from '../jobs/queues.js';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';
import { CurrentPrincipal, type Principal } from '../users/auth/principal.js';
import { JOB_BOARD_PATH } from '../users/auth/job-board-access.service.js';
import { OPENAPI_UI_PATH } from '../common/http/openapi.js';
import { ConsoleLinksDto } from './dto/console-links.dto.js';
import { MfaEnrolmentExempt } from '../users/mfa/mfa-enrolment.guard.js';

@ApiTags('console')
@ApiBearerAuth()
@Controller('console')
export class ConsoleController {
  private readonly logger = new Logger(ConsoleController.name);

  constructor(
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  @MfaEnrolmentExempt()
  @Get('links')
  @ApiOperation({
    summary: "The console's links to Swagger UI, the job board and Grafana, as they apply to me",
  })
  @ApiOkResponse({ type: ConsoleLinksDto })
  async links(@CurrentPrincipal() principal: Principal): Promise<ConsoleLinksDto> {
    return {
      apiDocs: `/${OPENAPI_UI_PATH}`,
      jobBoard: principal.instanceAdmin ? JOB_BOARD_PATH : null,
      grafana: this.config.console.grafanaUrl ?? null,
      failedJobs: principal.instanceAdmin ? await this.failedJobs() : null,
      instanceAdmin: principal.instanceAdmin,
    };
  }

  /** Failed jobs of every queue (null when Redis cannot tell: the link still works). */
  private async failedJobs(): Promise<number | null> {
    try {
      const counts = await Promise.all(
        Object.values(QUEUES).map((name) =>
          this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).getFailedCount(),
        ),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not count the failed jobs');
      return null;
    }
  }
}
