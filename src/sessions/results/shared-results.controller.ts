import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/http/public.decorator.js';
import { AuthThrottlerGuard } from '../../users/auth/auth-throttler.guard.js';
import { SharedSessionResultsDto } from './dto/session-results.dto.js';
import { ResultsService } from './results.service.js';

/** Shared results, for anyone with the link: rate-limited, since the token is the only credential. */
@ApiTags('sessions')
@Controller('shared/sessions')
export class SharedResultsController {
  constructor(private readonly results: ResultsService) {}

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Get(':token')
  @ApiOperation({
    summary: 'Results of a shared session: display names and whiskies only (404 once the link is revoked)',
  })
  @ApiOkResponse({ type: SharedSessionResultsDto })
  get(@Param('token') token: string): Promise<SharedSessionResultsDto> {
    return this.results.shared(token);
  }
}
