import { Type } from 'class-transformer';
import { IsDate, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { InfinityEntry, InfinityEntryKind } from '../infinity-entry.entity.js';

// Limits are literals: the Swagger plugin copies only literal arguments of validators into the document.
// No movement exceeds the largest vessel (20 l).
/** A dram from a bottle of the collection into the infinity bottle. */
export class AddToInfinityBottleDto {
  /** The bottle it is poured from; the pour is recorded in that bottle's ledger (reason `infinity`). */
  @IsUUID()
  bottleId: string;

  /** Millilitres, one decimal at most. @example 50 */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0.1)
  @Max(20000)
  ml: number;

  /** When it happened; defaults to now. It cannot be before the vessel's latest entry nor in the future. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  at?: Date;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

/** A dram poured out of the infinity bottle. */
export class PourFromInfinityBottleDto {
  /** Millilitres, one decimal at most; no more than the vessel holds. @example 30 */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0.1)
  @Max(20000)
  ml: number;

  /** When it happened; defaults to now. It cannot be before the vessel's latest entry nor in the future. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  at?: Date;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

/** The whisky an addition brought in. */
export class InfinityEntryWhiskyDto {
  id: string;
  /** @example "Talisker 10" */
  name: string;
}

/** Who recorded an entry. */
export class InfinityEntryUserDto {
  id: string;
  /** @example "Ada" */
  displayName: string;
}

/** One movement of an infinity bottle. */
export class InfinityEntryDto {
  id: string;
  kind: InfinityEntryKind;
  /** @example 50 */
  ml: number;
  /** Additions: the whisky that went in; null for pours. */
  whisky: InfinityEntryWhiskyDto | null;
  /** Additions: the whisky's strength in percent at the time. @example 46 */
  abv: number | null;
  /** Additions: the bottle it came from (null once that bottle is deleted). */
  sourceBottleId: string | null;
  at: Date;
  /** Null once the account is deleted. */
  by: InfinityEntryUserDto | null;
  notes: string | null;

  static from(entry: InfinityEntry): InfinityEntryDto {
    return Object.assign(new InfinityEntryDto(), {
      id: entry.id,
      kind: entry.kind,
      ml: entry.ml,
      whisky: entry.whisky
        ? Object.assign(new InfinityEntryWhiskyDto(), { id: entry.whisky.id, name: entry.whisky.name })
        : null,
      abv: entry.abv ?? null,
      sourceBottleId: entry.sourcePour?.bottle.id ?? null,
      at: entry.at,
      by: entry.by
        ? Object.assign(new InfinityEntryUserDto(), { id: entry.by.id, displayName: entry.by.displayName })
        : null,
      notes: entry.notes ?? null,
    });
  }
}
