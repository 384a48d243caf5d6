import type { Principal } from '../users/auth/principal.js';
import type { FlightItem } from './flight-item.entity.js';
import type { TastingSession } from './tasting-session.entity.js';

/** Who is looking at a session: a signed-in member, or a guest through their link. */
export type SessionViewer =
  { kind: 'member'; principal: Principal } | { kind: 'guest'; participantId: string; sessionId: string };

/** The viewer a signed-in member is. */
export function memberViewer(principal: Principal): SessionViewer {
  return { kind: 'member', principal };
}

/** Whether `viewer` hosts `session` (the host always sees everything). */
export function isHost(session: TastingSession, viewer: SessionViewer): boolean {
  return viewer.kind === 'member' && session.host.id === viewer.principal.userId;
}

/**
 * Whether the identity of `item` (whisky, bottle, ABV, price) must be hidden from `viewer`: in a blind
 * session, from everyone but the host, until the item is revealed or the session is finished. Every
 * response that could show a sample's identity — the session, its flight, notes, results — asks this.
 */
export function hidesIdentity(
  session: TastingSession,
  item: Pick<FlightItem, 'revealedAt'>,
  viewer: SessionViewer,
): boolean {
  if (!session.blind || session.status === 'finished' || item.revealedAt) return false;
  return !isHost(session, viewer);
}

/** The label everyone sees for a sample: its place in the flight. */
export function sampleLabel(position: number): string {
  return `Sample ${position}`;
}
