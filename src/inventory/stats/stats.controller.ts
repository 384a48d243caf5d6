import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../../users/auth/principal.js';
import { CollectionStatsDto } from './dto/collection-stats.dto.js';
import { StatsService } from './stats.service.js';

/** The collection in numbers. */
@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('collection')
  @ApiOperation({ summary: 'The collection in numbers: bottles, origins, value, volume and pours' })
  @ApiOkResponse({ type: CollectionStatsDto })
  collection(@CurrentPrincipal() principal: Principal): Promise<CollectionStatsDto> {
    return this.stats.collection(principal);
  }
}
