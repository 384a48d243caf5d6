import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import { SessionResultsDto, SessionShareDto } from './dto/session-results.dto.js';
import { ResultsService } from './results.service.js';
import { memberViewer } from '../session-viewer.js';

/** A session's results for the household's members, and the public link that shares them. */
@ApiTags('sessions')
@Controller('sessions')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get(':id/results')
  @ApiOperation({
    summary:
      'Results per sample: scores (0–100 and in my scale), ranking, top flavours, blind guesses; hidden samples stay anonymous',
  })
  @ApiOkResponse({ type: SessionResultsDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SessionResultsDto> {
    return this.results.forViewer(id, memberViewer(principal));
  }

  @Post(':id/share')
  @ApiOperation({
    summary:
      'Share the results of a finished session through a public link (host or admin; replaces the previous link)',
  })
  @ApiCreatedResponse({ type: SessionShareDto })
  share(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<SessionShareDto> {
    return this.results.share(principal, id, origin);
  }

  @Delete(':id/share')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke the public link of the results (host or admin)' })
  @ApiNoContentResponse()
  unshare(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.results.unshare(principal, id, origin);
  }
}
