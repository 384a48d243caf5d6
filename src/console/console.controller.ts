import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';
import { CurrentPrincipal, type Principal } from '../users/auth/principal.js';
import { JOB_BOARD_PATH } from '../users/auth/job-board-access.service.js';
import { OPENAPI_UI_PATH } from '../common/http/openapi.js';
import { ConsoleLinksDto } from './dto/console-links.dto.js';

@ApiTags('console')
@ApiBearerAuth()
@Controller('console')
export class ConsoleController {
  constructor(private readonly config: AppConfig) {}

  @Get('links')
  @ApiOperation({
    summary: "The console's links to Swagger UI, the job board and Grafana, as they apply to me",
  })
  @ApiOkResponse({ type: ConsoleLinksDto })
  links(@CurrentPrincipal() principal: Principal): ConsoleLinksDto {
    return {
      apiDocs: `/${OPENAPI_UI_PATH}`,
      jobBoard: principal.instanceAdmin ? JOB_BOARD_PATH : null,
      grafana: this.config.console.grafanaUrl ?? null,
      instanceAdmin: principal.instanceAdmin,
    };
  }
}
