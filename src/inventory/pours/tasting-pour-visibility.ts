import type { Principal } from '../../users/auth/principal.js';

/** Injection token of the (optional) {@link TastingPourVisibility} that the tasting sessions provide. */
export const TASTING_POUR_VISIBILITY = Symbol('TASTING_POUR_VISIBILITY');

/**
 * Which tasting sessions' pours the ledger must not show to a caller: a blind session's pours would
 * tell a participant which bottles are in the flight. Provided by the sessions module, which owns
 * that knowledge; the ledger works without it.
 */
export interface TastingPourVisibility {
  /** Ids of sessions whose pours `principal` may not see yet. */
  hiddenSessionIds(principal: Principal): Promise<string[]>;
}
