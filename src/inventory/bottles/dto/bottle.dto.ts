import type { Location } from '../../locations/location.entity.js';
import type { Whisky } from '../../whiskies/whisky.entity.js';
import type { Bottle, BottleStatus } from '../bottle.entity.js';

/** The whisky of a bottle, as much as a list needs. */
export class BottleWhiskyDto {
  id: string;
  /** @example "Lagavulin 16" */
  name: string;
  /** @example "Lagavulin" */
  distillery: string | null;
  /** Alcohol by volume in percent. @example 43 */
  abv: number;

  static from(whisky: Pick<Whisky, 'id' | 'name' | 'distillery' | 'abv'>): BottleWhiskyDto {
    return Object.assign(new BottleWhiskyDto(), {
      id: whisky.id,
      name: whisky.name,
      distillery: whisky.distillery ?? null,
      abv: whisky.abv,
    });
  }
}

/** Where a bottle is kept. */
export class BottleLocationDto {
  id: string;
  /** @example "Living-room cabinet, top shelf" */
  name: string;

  static from(location: Pick<Location, 'id' | 'name'>): BottleLocationDto {
    return Object.assign(new BottleLocationDto(), { id: location.id, name: location.name });
  }
}

/**
 * What a bottle view needs: the bottle's own fields and the parts of its whisky and location that the
 * list shows (so the list can load just those columns).
 */
export type BottleView = Omit<Bottle, 'whisky' | 'location'> & {
  whisky: Parameters<typeof BottleWhiskyDto.from>[0];
  location?: Parameters<typeof BottleLocationDto.from>[0] | null;
  /** See {@link BottleDto.coverThumbnail}. */
  coverThumbnail: string | null;
};

/** A bottle of the collection. */
export class BottleDto {
  id: string;
  whisky: BottleWhiskyDto;
  /** Null while it has no place. */
  location: BottleLocationDto | null;
  status: BottleStatus;
  /** @example 700 */
  sizeMl: number;
  /** What is left: the size minus the pours in the ledger. @example 455.5 */
  currentVolumeMl: number;
  /** What is left, in percent of the size (one decimal). @example 65.1 */
  fillPercent: number;
  /** Day it was opened (YYYY-MM-DD). @example "2025-03-14" */
  openedAt: string | null;
  /** Day it was emptied (YYYY-MM-DD). */
  finishedAt: string | null;
  /** What was paid, in `currency`. @example 89.9 */
  purchasePrice: number | null;
  /** ISO 4217 code of the price and value. @example "GBP" */
  currency: string | null;
  /** Day of purchase (YYYY-MM-DD). @example "2024-12-01" */
  purchasedAt: string | null;
  shop: string | null;
  /** What it is worth today, in `currency`. */
  estimatedValue: number | null;
  notes: string | null;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Send it back when changing the bottle; a stale version is refused with 409. */
  version: number;
  /**
   * Where the 256 px thumbnail of its cover photo is served (with the same authentication as the API);
   * null while it has no photo or the cover is still processing.
   * @example "/api/v1/bottles/0195…/photos/0196…/thumb-256"
   */
  coverThumbnail: string | null;

  /** The bottle's whisky and location must be loaded. */
  static from(bottle: BottleView): BottleDto {
    return Object.assign(new BottleDto(), BottleDto.fields(bottle));
  }

  protected static fields(bottle: BottleView): BottleDto {
    return {
      id: bottle.id,
      whisky: BottleWhiskyDto.from(bottle.whisky),
      location: bottle.location ? BottleLocationDto.from(bottle.location) : null,
      status: bottle.status,
      sizeMl: bottle.sizeMl,
      currentVolumeMl: bottle.currentVolumeMl,
      fillPercent: Math.round((bottle.currentVolumeMl / bottle.sizeMl) * 1000) / 10,
      openedAt: bottle.openedAt ?? null,
      finishedAt: bottle.finishedAt ?? null,
      purchasePrice: bottle.purchasePrice ?? null,
      currency: bottle.currency ?? null,
      purchasedAt: bottle.purchasedAt ?? null,
      shop: bottle.shop ?? null,
      estimatedValue: bottle.estimatedValue ?? null,
      notes: bottle.notes ?? null,
      externalId: bottle.externalId ?? null,
      createdAt: bottle.createdAt,
      updatedAt: bottle.updatedAt,
      version: bottle.version,
      coverThumbnail: bottle.coverThumbnail,
    };
  }
}

/** A bottle with the totals of its pour ledger. */
export class BottleDetailDto extends BottleDto {
  /** Millilitres poured from it so far, corrections included. @example 244.5 */
  totalPouredMl: number;
  /** Entries in its pour ledger. @example 7 */
  pourCount: number;

  static withLedger(
    bottle: BottleView,
    ledger: { totalPouredMl: number; pourCount: number },
  ): BottleDetailDto {
    return Object.assign(new BottleDetailDto(), BottleDto.fields(bottle), ledger);
  }
}
