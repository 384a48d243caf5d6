import { QueryOrder } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/domain-error.js';
import type { RequestOrigin } from '../../users/auth/principal.js';
import { sha256 } from '../../users/auth/secrets.js';
import { enterHousehold } from '../../users/households/household-scope.js';
import type { RatingScale } from '../../users/user.entity.js';
import { FlightItem } from '../flight-item.entity.js';
import { NotesService } from '../notes/notes.service.js';
import type { TastingNote } from '../notes/tasting-note.entity.js';
import { Participant } from '../participant.entity.js';
import type { SessionViewer } from '../session-viewer.js';
import type { SessionStatus } from '../tasting-session.entity.js';
import type { GuestNoteDto } from './dto/guest-note.dto.js';

/** Sessions a guest's link opens; a finished or cancelled session's links are dead. */
const OPEN_TO_GUESTS: readonly SessionStatus[] = ['planned', 'live'];

/** What a guest's link shows: their session, its flight and their notes. */
export interface GuestSession {
  participant: Participant;
  viewer: SessionViewer;
  items: FlightItem[];
  notes: TastingNote[];
}

/**
 * Guests of tasting sessions, who have no account: their link's token is the only credential, and it
 * opens exactly their own session and notes.
 */
@Injectable()
export class GuestsService {
  constructor(
    private readonly em: EntityManager,
    private readonly notes: NotesService,
  ) {}

  /**
   * The guest a link belongs to, with their session, after which this request's queries are confined
   * to the session's household. A wrong, revoked or dead link (session finished or cancelled) is the
   * same 404, so a link cannot be probed.
   */
  async enter(token: string): Promise<Participant> {
    // Across households: the household is what the link tells us.
    const participant = await this.em.findOne(
      Participant,
      { guestTokenHash: sha256(token) },
      { populate: ['session'], filters: false },
    );
    if (!participant || participant.user || !OPEN_TO_GUESTS.includes(participant.session.status)) {
      throw new NotFoundError('This guest link is not valid (any more)');
    }
    enterHousehold(participant.household.id);
    return participant;
  }

  /** The guest's view of their session: its flight and their own notes. */
  async view(token: string): Promise<GuestSession> {
    const participant = await this.enter(token);
    const items = await this.em.find(
      FlightItem,
      { session: participant.session },
      { populate: ['bottle.whisky'], orderBy: { position: QueryOrder.ASC } },
    );
    return {
      participant,
      viewer: this.viewerOf(participant),
      items,
      notes: await this.notes.notesOf(participant),
    };
  }

  /** Creates or changes the guest's note on a sample of their session (404 for any other sample). */
  async writeNote(
    token: string,
    itemId: string,
    input: GuestNoteDto,
    origin: RequestOrigin,
  ): Promise<{ note: TastingNote; viewer: SessionViewer; scale: RatingScale }> {
    const participant = await this.enter(token);
    const { scale: sent, ...content } = input;
    const scale = sent ?? 'points100';
    const note = await this.notes.writeGuestNote(participant, itemId, content, scale, origin);
    return { note, viewer: this.viewerOf(participant), scale };
  }

  private viewerOf(participant: Participant): SessionViewer {
    return { kind: 'guest', participantId: participant.id, sessionId: participant.session.id };
  }
}
