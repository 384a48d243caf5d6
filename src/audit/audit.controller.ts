import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPaginatedResponse, mapPage, type Paginated } from '../common/pagination/paginated.js';
import { Roles } from '../users/auth/access.decorators.js';
import { AuditService } from './audit.service.js';
import { AuditEventDto } from './dto/audit-event.dto.js';
import { AuditEventListQuery } from './dto/audit-event-list-query.dto.js';

@ApiTags('audit')
@Roles('admin')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: "List the household's audit trail (admins)" })
  @ApiPaginatedResponse(AuditEventDto)
  async list(@Query() query: AuditEventListQuery): Promise<Paginated<AuditEventDto>> {
    const page = await this.audit.list(query);
    return mapPage(page, (event) => AuditEventDto.from(event));
  }
}
