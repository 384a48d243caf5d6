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
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPaginatedResponse, mapPage, type Paginated } from '../common/pagination/paginated.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../users/auth/principal.js';
import { AddParticipantDto } from './dto/add-participant.dto.js';
import { CreateSessionDto } from './dto/create-session.dto.js';
import { AddFlightItemDto, UpdateFlightItemDto } from './dto/flight-item-changes.dto.js';
import { SessionListQuery } from './dto/session-list-query.dto.js';
import { AddedParticipantDto, TastingSessionDto } from './dto/session.dto.js';
import { UpdateSessionDto } from './dto/update-session.dto.js';
import { memberViewer } from './session-viewer.js';
import { SessionsService } from './sessions.service.js';

/**
 * The household's tasting sessions. Any member may read them; planning and running one (participants,
 * flight, start, reveal, finish, cancel) is for its host or an admin of the household. In a blind
 * session every sample reads "Sample n" for everyone but the host until it is revealed.
 */
@ApiTags('sessions')
@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: 'List tasting sessions with participants and flight (filter by status, blind)' })
  @ApiPaginatedResponse(TastingSessionDto)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: SessionListQuery,
  ): Promise<Paginated<TastingSessionDto>> {
    const page = await this.sessions.list(query);
    return mapPage(page, (flight) => TastingSessionDto.from(flight, memberViewer(principal)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One tasting session; blind samples are masked for everyone but the host' })
  @ApiOkResponse({ type: TastingSessionDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(await this.sessions.get(id), memberViewer(principal));
  }

  @Post()
  @ApiOperation({ summary: 'Plan a tasting session; its host (the caller by default) joins it' })
  @ApiCreatedResponse({ type: TastingSessionDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateSessionDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(
      await this.sessions.create(principal, body, origin),
      memberViewer(principal),
    );
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a session: title, place, notes any time; start time, blind mode, host while planned',
  })
  @ApiOkResponse({ type: TastingSessionDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateSessionDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(
      await this.sessions.update(principal, id, body, origin),
      memberViewer(principal),
    );
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a planned or cancelled session (409 otherwise)' })
  @ApiNoContentResponse()
  delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.sessions.delete(principal, id, origin);
  }

  @Post(':id/participants')
  @ApiOperation({
    summary: "Add a member or a guest to a planned session; a guest's link is shown in this answer only",
  })
  @ApiCreatedResponse({ type: AddedParticipantDto })
  async addParticipant(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddParticipantDto,
    @Origin() origin: RequestOrigin,
  ): Promise<AddedParticipantDto> {
    const { participant, guest } = await this.sessions.addParticipant(principal, id, body, origin);
    return AddedParticipantDto.withGuestLink(participant, guest);
  }

  @Delete(':id/participants/:participantId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a participant (not the host) from a planned session' })
  @ApiNoContentResponse()
  removeParticipant(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.sessions.removeParticipant(principal, id, participantId, origin);
  }

  @Post(':id/items')
  @ApiOperation({ summary: "Add a sample to a planned session's flight (last, or at a position)" })
  @ApiCreatedResponse({ type: TastingSessionDto })
  async addItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddFlightItemDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(
      await this.sessions.addItem(principal, id, body, origin),
      memberViewer(principal),
    );
  }

  @Patch(':id/items/:itemId')
  @ApiOperation({ summary: "Move a sample of a planned session's flight or change its measure" })
  @ApiOkResponse({ type: TastingSessionDto })
  async updateItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: UpdateFlightItemDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(
      await this.sessions.updateItem(principal, id, itemId, body, origin),
      memberViewer(principal),
    );
  }

  @Delete(':id/items/:itemId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Remove a sample from a planned session's flight; later samples move up" })
  @ApiNoContentResponse()
  removeItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.sessions.removeItem(principal, id, itemId, origin);
  }

  @Post(':id/start')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Start a planned session: pour every sample for all participants from its bottle (422 naming a bottle short of it)',
  })
  @ApiOkResponse({ type: TastingSessionDto })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(await this.sessions.start(principal, id, origin), memberViewer(principal));
  }

  @Post(':id/finish')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Finish a live session, revealing every sample' })
  @ApiOkResponse({ type: TastingSessionDto })
  async finish(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(await this.sessions.finish(principal, id, origin), memberViewer(principal));
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Cancel a planned or live session; the pours of a live one go back into their bottles',
  })
  @ApiOkResponse({ type: TastingSessionDto })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(await this.sessions.cancel(principal, id, origin), memberViewer(principal));
  }

  @Post(':id/reveal')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reveal every sample of a live session to everyone' })
  @ApiOkResponse({ type: TastingSessionDto })
  async revealAll(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(
      await this.sessions.reveal(principal, id, null, origin),
      memberViewer(principal),
    );
  }

  @Post(':id/items/:itemId/reveal')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reveal one sample of a live session to everyone' })
  @ApiOkResponse({ type: TastingSessionDto })
  async reveal(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingSessionDto> {
    return TastingSessionDto.from(
      await this.sessions.reveal(principal, id, itemId, origin),
      memberViewer(principal),
    );
  }
}
