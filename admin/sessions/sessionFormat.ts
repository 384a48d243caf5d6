import type { Schemas } from '../dataProvider';

/** A tasting session as the API answers it. */
export type TastingSession = Schemas['TastingSessionDto'];
/** Where a session is: planned → live → finished, or cancelled. */
export type SessionStatus = TastingSession['status'];

/** Each status with its name, in lifecycle order (for filters and chips). */
export const STATUS_CHOICES: { id: SessionStatus; name: string }[] = [
  { id: 'planned', name: 'Planned' },
  { id: 'live', name: 'Live' },
  { id: 'finished', name: 'Finished' },
  { id: 'cancelled', name: 'Cancelled' },
];

/** A date and time in the reader's locale: "5 Dec 2026, 19:30". */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The console path of a session's live mode. */
export const livePath = (id: string) => `/sessions/${encodeURIComponent(id)}/live`;
/** The console path of a session's results. */
export const resultsPath = (id: string) => `/sessions/${encodeURIComponent(id)}/results`;
/** The console path of a session's plan (its show page). */
export const planPath = (id: string) => `/sessions/${encodeURIComponent(id)}/show`;
