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
import { ApiPaginatedResponse, mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import { memberViewer } from '../session-viewer.js';
import { CreateTastingNoteDto } from './dto/create-tasting-note.dto.js';
import { NoteListQuery, TastingNoteListQuery } from './dto/tasting-note-list-query.dto.js';
import { TastingNoteDto, WhiskyNotesDto } from './dto/tasting-note.dto.js';
import { UpdateTastingNoteDto } from './dto/update-tasting-note.dto.js';
import { NotesService, type NotePage } from './notes.service.js';
import type { TastingNote } from './tasting-note.entity.js';

function toPage(principal: Principal, page: NotePage): Paginated<TastingNoteDto> {
  return mapPage(page, (note) => TastingNoteDto.from(note, memberViewer(principal), page.scale));
}

/**
 * Tasting notes of the household's members, at home and in sessions. Scores are shown in the
 * caller's rating scale; blind samples keep their whisky hidden from everyone but the host.
 */
@ApiTags('tasting-notes')
@Controller()
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get('tasting-notes')
  @ApiOperation({ summary: 'List tasting notes (filter by whisky, session, author or mine)' })
  @ApiPaginatedResponse(TastingNoteDto)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TastingNoteListQuery,
  ): Promise<Paginated<TastingNoteDto>> {
    return toPage(principal, await this.notes.list(principal, query));
  }

  @Get('tasting-notes/:id')
  @ApiOperation({ summary: 'One tasting note' })
  @ApiOkResponse({ type: TastingNoteDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<TastingNoteDto> {
    return this.view(principal, await this.notes.get(id));
  }

  @Post('tasting-notes')
  @ApiOperation({
    summary:
      'Write a note: of a whisky at home, or of a sample of a live or finished session you take part in',
  })
  @ApiCreatedResponse({ type: TastingNoteDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTastingNoteDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingNoteDto> {
    return this.view(principal, await this.notes.create(principal, body, origin));
  }

  @Patch('tasting-notes/:id')
  @ApiOperation({ summary: 'Change your own note (also after its session finished)' })
  @ApiOkResponse({ type: TastingNoteDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateTastingNoteDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingNoteDto> {
    return this.view(principal, await this.notes.update(principal, id, body, origin));
  }

  @Delete('tasting-notes/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete your own note' })
  @ApiNoContentResponse()
  delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.notes.delete(principal, id, origin);
  }

  @Get('sessions/:sessionId/notes')
  @ApiOperation({ summary: "List a session's notes (blind samples show their label to all but the host)" })
  @ApiPaginatedResponse(TastingNoteDto)
  async listForSession(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Query() query: NoteListQuery,
  ): Promise<Paginated<TastingNoteDto>> {
    return toPage(principal, await this.notes.listForSession(principal, sessionId, query));
  }

  @Get('whiskies/:whiskyId/notes')
  @ApiOperation({
    summary: "List a whisky's notes from sessions and at home, with their average score in your scale",
  })
  @ApiOkResponse({ type: WhiskyNotesDto })
  async listForWhisky(
    @CurrentPrincipal() principal: Principal,
    @Param('whiskyId', ParseUUIDPipe) whiskyId: string,
    @Query() query: NoteListQuery,
  ): Promise<WhiskyNotesDto> {
    const page = await this.notes.listForWhisky(principal, whiskyId, query);
    return Object.assign(new WhiskyNotesDto(), {
      ...toPage(principal, page),
      averageScore: page.averageScore,
      scoredNotes: page.scoredNotes,
      scale: page.scale,
    });
  }

  private async view(principal: Principal, note: TastingNote): Promise<TastingNoteDto> {
    return TastingNoteDto.from(note, memberViewer(principal), await this.notes.scaleOf(principal));
  }
}
