/** One movement of an infinity bottle's ledger, as the blend replays it. */
export type BlendEntry =
  | { kind: 'addition'; at: Date; ml: number; whiskyId: string; abv: number }
  | { kind: 'pour'; at: Date; ml: number };

/** How much of one whisky is in the vessel (full precision: round only for display). */
export interface BlendComponent {
  whiskyId: string;
  ml: number;
  /** Millilitres of pure alcohol this component carries. */
  alcoholMl: number;
}

/** What is in the vessel after replaying its ledger. */
export interface Blend {
  volumeMl: number;
  /** Largest component first. */
  components: BlendComponent[];
  /** Volume-weighted alcohol by volume in percent; null when the vessel is empty. */
  abv: number | null;
}

/**
 * Below this many millilitres a remainder is float noise (the ledger's resolution is 0.1 ml): 0.1 + 0.2
 * poured out as 0.3 must leave an empty vessel, not 4e-17 ml of a blend.
 */
const NOISE_ML = 1e-6;

/**
 * Replays an infinity bottle's ledger in time order: an addition puts its millilitres of a whisky in,
 * a pour takes millilitres out of every component in proportion to its share (the vessel is mixed).
 * Components carry their alcohol separately, so additions of one whisky at different strengths still
 * give the exact strength. A pour of more than remains empties the vessel.
 */
export function blend(entries: readonly BlendEntry[]): Blend {
  const components = new Map<string, BlendComponent>();
  let volumeMl = 0;
  // `toSorted` is stable, so entries at the same instant keep the order they were given in.
  for (const entry of entries.toSorted((a, b) => a.at.getTime() - b.at.getTime())) {
    if (entry.kind === 'addition') {
      const component = components.get(entry.whiskyId) ?? { whiskyId: entry.whiskyId, ml: 0, alcoholMl: 0 };
      component.ml += entry.ml;
      component.alcoholMl += (entry.ml * entry.abv) / 100;
      components.set(entry.whiskyId, component);
      volumeMl += entry.ml;
    } else if (entry.ml >= volumeMl - NOISE_ML) {
      components.clear();
      volumeMl = 0;
    } else {
      const remaining = (volumeMl - entry.ml) / volumeMl;
      for (const component of components.values()) {
        component.ml *= remaining;
        component.alcoholMl *= remaining;
      }
      volumeMl -= entry.ml;
    }
  }
  const sorted = [...components.values()].sort((a, b) => b.ml - a.ml || a.whiskyId.localeCompare(b.whiskyId));
  const alcoholMl = sorted.reduce((sum, component) => sum + component.alcoholMl, 0);
  return { volumeMl, components: sorted, abv: volumeMl > 0 ? (alcoholMl / volumeMl) * 100 : null };
}

/**
 * Shares of `amounts` in percent with one decimal that add up to exactly 100.0 (largest remainder:
 * each share is rounded down, and the tenths left over go to the largest remainders).
 */
export function percentages(amounts: readonly number[]): number[] {
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  if (total <= 0) return amounts.map(() => 0);
  // Rounded to a millionth first, so float noise (599.9999999) cannot decide who gets a leftover tenth.
  const tenths = amounts.map((amount) => Math.round((amount / total) * 1e9) / 1e6);
  const floors = tenths.map((value) => Math.floor(value));
  let leftover = 1000 - floors.reduce((sum, value) => sum + value, 0);
  const byRemainder = tenths
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (leftover <= 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    leftover -= 1;
  }
  return floors.map((value) => value / 10);
}
