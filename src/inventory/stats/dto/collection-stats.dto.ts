/** How many bottles the household has in each status. */
export class BottlesByStatusDto {
  sealed: number;
  open: number;
  finished: number;
  gifted: number;
  sold: number;
}

/** Bottles on hand (sealed or open) sharing one value of a whisky's attribute. */
export class StatsGroupDto {
  /** The country, region or style; null for whiskies where it is not recorded. @example "Scotland" */
  key: string | null;
  /** @example 12 */
  bottles: number;
}

/** What the bottles on hand cost and are worth, in one currency. */
export class CollectionValueDto {
  /** ISO 4217. @example "CHF" */
  currency: string;
  /** Sum of the purchase prices. @example 1234.5 */
  paid: number;
  /** Sum of the estimated values. @example 1500 */
  estimated: number;
}

/** Pours of one calendar month in the caller's time zone. */
export class MonthlyPoursDto {
  /** @example "2026-03" */
  month: string;
  /** @example 14 */
  pours: number;
  /** @example 392.5 */
  ml: number;
}

/** A whisky by how much of it was poured. */
export class PouredWhiskyDto {
  whiskyId: string;
  /** @example "Springbank 10" */
  name: string;
  /** @example 640 */
  ml: number;
  /** @example 18 */
  pours: number;
}

/** The household's collection in numbers. */
export class CollectionStatsDto {
  bottlesByStatus: BottlesByStatusDto;
  /** Bottles on hand by country of the whisky, most first. */
  byCountry: StatsGroupDto[];
  /** Bottles on hand by region of the whisky, most first. */
  byRegion: StatsGroupDto[];
  /** Bottles on hand by style of the whisky, most first. */
  byStyle: StatsGroupDto[];
  /**
   * Purchase prices and estimated values of the bottles on hand, per currency (bottles without a
   * currency are left out: their amounts cannot be added to anything).
   */
  value: CollectionValueDto[];
  /** Whisky left in the bottles on hand, in litres (two decimals). @example 8.35 */
  litresOnHand: number;
  /** @example 5 */
  openBottles: number;
  /** The last 12 months including the current one, oldest first, in the caller's time zone. */
  poursPerMonth: MonthlyPoursDto[];
  /** The ten whiskies poured most, by millilitres. */
  mostPoured: PouredWhiskyDto[];
}
