import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/http/public.decorator.js';
import { AuthThrottlerGuard } from '../../users/auth/auth-throttler.guard.js';
import { Origin, type RequestOrigin } from '../../users/auth/principal.js';
import { flightItemView } from '../dto/flight-item.dto.js';
import { TastingNoteDto } from '../notes/dto/tasting-note.dto.js';
import { GuestNoteDto, GuestViewQuery } from './dto/guest-note.dto.js';
import { GuestSessionDto } from './dto/guest-session.dto.js';
import { GuestsService } from './guests.service.js';

/**
 * What guests of a tasting session use through their personal link: no account, the token in the
 * path is the credential, rate-limited like sign-in so tokens cannot be guessed.
 */
@ApiTags('guests')
@Public()
@UseGuards(AuthThrottlerGuard)
@Controller('guest/:token')
export class GuestsController {
  constructor(private readonly guests: GuestsService) {}

  @Get()
  @ApiOperation({
    summary: "A guest's session: its flight (blind samples by label only) and the guest's notes",
  })
  @ApiOkResponse({ type: GuestSessionDto })
  async view(@Param('token') token: string, @Query() query: GuestViewQuery): Promise<GuestSessionDto> {
    const { participant, viewer, items, notes } = await this.guests.view(token);
    const session = participant.session;
    const scale = query.scale ?? 'points100';
    return Object.assign(new GuestSessionDto(), {
      title: session.title,
      startsAt: session.startsAt,
      place: session.place ?? null,
      status: session.status,
      blind: session.blind,
      guest: { participantId: participant.id, displayName: participant.displayName },
      items: items.map((item) => flightItemView(session, item, viewer)),
      notes: notes.map((note) => TastingNoteDto.from(note, viewer, scale)),
    });
  }

  @Put('items/:itemId/note')
  @ApiOperation({ summary: "Write or change the guest's note on a sample of their live session" })
  @ApiOkResponse({ type: TastingNoteDto })
  async writeNote(
    @Param('token') token: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: GuestNoteDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TastingNoteDto> {
    const { note, viewer, scale } = await this.guests.writeNote(token, itemId, body, origin);
    return TastingNoteDto.from(note, viewer, scale);
  }
}
