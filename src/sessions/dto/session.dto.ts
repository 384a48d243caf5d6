import type { Participant } from '../participant.entity.js';
import type { SessionViewer } from '../session-viewer.js';
import type { SessionWithFlight } from '../sessions.service.js';
import type { SessionStatus } from '../tasting-session.entity.js';
import { flightItemView, FlightItemDto } from './flight-item.dto.js';

/** The member hosting a session. */
export class TastingSessionHostDto {
  id: string;
  /** @example "Ada" */
  displayName: string;
}

/** Someone tasting in a session. */
export class ParticipantDto {
  id: string;
  /** The guest's name, or the member's display name when they joined. @example "Fergus" */
  displayName: string;
  /** A guest without an account, who takes part through a personal link. @example false */
  isGuest: boolean;
  /** The member's account; null for a guest. */
  userId: string | null;
  createdAt: Date;

  static from(participant: Participant): ParticipantDto {
    return Object.assign(new ParticipantDto(), ParticipantDto.fields(participant));
  }

  protected static fields(participant: Participant): ParticipantDto {
    return {
      id: participant.id,
      displayName: participant.displayName,
      isGuest: participant.user == null,
      userId: participant.user?.id ?? null,
      createdAt: participant.createdAt,
    };
  }
}

/** A participant just added; a guest's link is shown in this response only and never again. */
export class AddedParticipantDto extends ParticipantDto {
  /** For a guest: the secret of their link (only its hash is stored). */
  guestToken?: string;
  /** For a guest: the page they open to take part. @example "https://whisky.example.org/admin/guest/3q2-…" */
  guestLink?: string;

  static withGuestLink(
    participant: Participant,
    guest?: { token: string; link: string },
  ): AddedParticipantDto {
    return Object.assign(
      new AddedParticipantDto(),
      ParticipantDto.fields(participant),
      guest ? { guestToken: guest.token, guestLink: guest.link } : {},
    );
  }
}

/** A tasting session with its participants and its flight as the viewer may see it. */
export class TastingSessionDto {
  id: string;
  /** @example "Islay night" */
  title: string;
  /** @example "2026-12-05T19:30:00Z" */
  startsAt: Date;
  /** @example "Ada's kitchen" */
  place: string | null;
  notes: string | null;
  /** planned → live → finished; planned or live may be cancelled. */
  status: SessionStatus;
  /** Whether the flight is hidden from everyone but the host until revealed. @example true */
  blind: boolean;
  host: TastingSessionHostDto;
  /** Oldest first. */
  participants: ParticipantDto[];
  /** In flight order, each masked for the viewer by {@link flightItemView}. */
  items: FlightItemDto[];
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  /** Send it back when changing the session; a stale version is refused with 409. */
  version: number;

  /** The session's host, its items' bottles and their whiskies must be loaded. */
  static from({ session, participants, items }: SessionWithFlight, viewer: SessionViewer): TastingSessionDto {
    return Object.assign(new TastingSessionDto(), {
      id: session.id,
      title: session.title,
      startsAt: session.startsAt,
      place: session.place ?? null,
      notes: session.notes ?? null,
      status: session.status,
      blind: session.blind,
      host: { id: session.host.id, displayName: session.host.displayName },
      participants: participants.map((participant) => ParticipantDto.from(participant)),
      items: items.map((item) => flightItemView(session, item, viewer)),
      startedAt: session.startedAt ?? null,
      finishedAt: session.finishedAt ?? null,
      createdAt: session.createdAt,
      version: session.version,
    });
  }
}
