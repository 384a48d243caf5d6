import type { Bottle } from '../../bottles/bottle.entity.js';
import type { Pour, PourReason } from '../pour.entity.js';

/** What `ml` of a bottle cost: its price pro rata of its size, in cents rounded half up. */
export function pourCost(bottle: Pick<Bottle, 'purchasePrice' | 'sizeMl'>, ml: number): number | null {
  if (bottle.purchasePrice == null) return null;
  // Integers (cents, tenths of a ml) keep binary fractions out of the rounding.
  const cents = Math.round(bottle.purchasePrice * 100);
  const tenths = Math.round(ml * 10);
  return Math.round((cents * tenths) / (bottle.sizeMl * 10)) / 100;
}

/** An entry of the pour ledger. */
export class PourDto {
  id: string;
  bottleId: string;
  /** @example 25 */
  ml: number;
  reason: PourReason;
  pouredAt: Date;
  /** Who poured; null once that account is gone. */
  pouredById: string | null;
  /** The tasting session it served, if any. */
  tastingSessionId: string | null;
  notes: string | null;
  /** The bottle's purchase price × ml / size, in `currency`; null without a price. @example 3.21 */
  cost: number | null;
  /** ISO 4217 code of `cost` (the bottle's currency). @example "GBP" */
  currency: string | null;
  createdAt: Date;

  /** The pour's bottle must be loaded (for the cost). */
  static from(pour: Pour): PourDto {
    const bottle = pour.bottle;
    const cost = pourCost(bottle, pour.ml);
    return Object.assign(new PourDto(), {
      id: pour.id,
      bottleId: bottle.id,
      ml: pour.ml,
      reason: pour.reason,
      pouredAt: pour.pouredAt,
      pouredById: pour.pouredBy?.id ?? null,
      tastingSessionId: pour.tastingSessionId ?? null,
      notes: pour.notes ?? null,
      cost,
      currency: cost === null ? null : (bottle.currency ?? null),
      createdAt: pour.createdAt,
    });
  }
}
