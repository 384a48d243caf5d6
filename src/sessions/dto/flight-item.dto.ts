import type { Whisky } from '../../inventory/whiskies/whisky.entity.js';
import type { FlightItem } from '../flight-item.entity.js';
import { hidesIdentity, sampleLabel, type SessionViewer } from '../session-viewer.js';
import type { TastingSession } from '../tasting-session.entity.js';

/** The whisky of a sample, for viewers who may know it. */
export class FlightWhiskyDto {
  id: string;
  /** @example "Lagavulin 16" */
  name: string;
  /** @example "Lagavulin" */
  distillery: string | null;
  /** Alcohol by volume in percent. @example 43 */
  abv: number;

  static from(whisky: Whisky): FlightWhiskyDto {
    return Object.assign(new FlightWhiskyDto(), {
      id: whisky.id,
      name: whisky.name,
      distillery: whisky.distillery ?? null,
      abv: whisky.abv,
    });
  }
}

/**
 * A sample of a session's flight. While its identity is hidden from the viewer (a blind session,
 * before the sample is revealed or the session finishes, for everyone but the host), `whisky`,
 * `bottleId`, `price` and `currency` are absent from the response altogether.
 */
export class FlightItemDto {
  id: string;
  /** What everyone calls it. @example "Sample 1" */
  label: string;
  /** 1-based place in the flight. @example 1 */
  position: number;
  /** What each participant gets. @example 20 */
  mlPerParticipant: number;
  /** When its pour was taken from the bottle (the session started); null before. */
  servedAt: Date | null;
  /** When it was revealed to everyone; finishing the session reveals every sample. */
  revealedAt: Date | null;
  /** Whether whisky, bottle and price are withheld from this viewer. @example false */
  identityHidden: boolean;
  /** Absent while the identity is hidden. */
  whisky?: FlightWhiskyDto;
  /** The bottle it is poured from; absent while the identity is hidden. */
  bottleId?: string;
  /** The bottle's purchase price in `currency`; absent while the identity is hidden. @example 89.9 */
  price?: number | null;
  /** ISO 4217 code of `price`; absent while the identity is hidden. @example "GBP" */
  currency?: string | null;
}

/**
 * The one mapping of a flight item to what `viewer` may see of it: every response that shows a sample
 * (the session, its flight, notes, results) goes through here, so blind masking is decided in one place
 * ({@link hidesIdentity}). The hidden properties are left out, not set to null, so no field can leak
 * them. When they are shown, `item.bottle` and its `whisky` must be loaded.
 */
export function flightItemView(
  session: TastingSession,
  item: FlightItem,
  viewer: SessionViewer,
): FlightItemDto {
  const hidden = hidesIdentity(session, item, viewer);
  const view = Object.assign(new FlightItemDto(), {
    id: item.id,
    label: sampleLabel(item.position),
    position: item.position,
    mlPerParticipant: item.mlPerParticipant,
    servedAt: item.servedAt ?? null,
    revealedAt: item.revealedAt ?? null,
    identityHidden: hidden,
  });
  if (hidden) return view;
  const bottle = item.bottle;
  return Object.assign(view, {
    whisky: FlightWhiskyDto.from(bottle.whisky),
    bottleId: bottle.id,
    price: bottle.purchasePrice ?? null,
    currency: bottle.currency ?? null,
  });
}
