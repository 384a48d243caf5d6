import type { SessionStatus } from '../../tasting-session.entity.js';
import { FlightItemDto } from '../../dto/flight-item.dto.js';
import { TastingNoteDto } from '../../notes/dto/tasting-note.dto.js';

/** The guest the link belongs to. */
export class GuestDto {
  /** Their participant row in the session. */
  participantId: string;
  /** @example "Fergus" */
  displayName: string;
}

/**
 * A session as a guest sees it through their link: the flight masked like for any non-host (a blind
 * sample shows only its label until revealed), and the guest's own notes.
 */
export class GuestSessionDto {
  /** @example "Islay night" */
  title: string;
  /** @example "2026-12-05T19:30:00Z" */
  startsAt: Date;
  /** @example "Ada's kitchen" */
  place: string | null;
  /** Notes can be written while `live`. */
  status: SessionStatus;
  /** @example true */
  blind: boolean;
  guest: GuestDto;
  /** In flight order. */
  items: FlightItemDto[];
  /** The guest's own notes, in flight order. */
  notes: TastingNoteDto[];
}
