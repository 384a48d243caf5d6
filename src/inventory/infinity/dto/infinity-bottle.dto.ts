import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import type { Blend } from '../blend.js';
import { percentages } from '../blend.js';
import type { InfinityBottle } from '../infinity-bottle.entity.js';
import type { InfinityEntry } from '../infinity-entry.entity.js';
import { InfinityEntryDto } from './infinity-entry.dto.js';

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

// Limits are literals: the Swagger plugin copies only literal arguments of validators into the document.

/** A new infinity bottle (it starts empty). */
export class CreateInfinityBottleDto {
  /** @example "The Solera" */
  @IsString()
  @Length(1, 100)
  name: string;

  /** What the vessel holds, in ml. @example 700 */
  @IsInt()
  @Min(50)
  @Max(20000)
  capacityMl: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

/** Changes to an infinity bottle; its contents change only through additions and pours. */
export class UpdateInfinityBottleDto {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;

  @ValidateIf((body: UpdateInfinityBottleDto) => body.name !== undefined)
  @IsString()
  @Length(1, 100)
  name?: string;

  /** Cannot go below what the vessel holds now (422). */
  @ValidateIf((body: UpdateInfinityBottleDto) => body.capacityMl !== undefined)
  @IsInt()
  @Min(50)
  @Max(20000)
  capacityMl?: number;

  /** `null` clears the notes. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

/** An infinity bottle as listed. */
export class InfinityBottleDto {
  id: string;
  /** @example "The Solera" */
  name: string;
  /** @example 700 */
  capacityMl: number;
  /** What it holds now, in ml (one decimal). @example 250 */
  volumeMl: number;
  notes: string | null;
  createdAt: Date;
  /** Send it back when changing the bottle; a stale version is refused with 409. */
  version: number;

  static from(bottle: InfinityBottle, volumeMl: number): InfinityBottleDto {
    return Object.assign(new InfinityBottleDto(), InfinityBottleDto.fields(bottle, volumeMl));
  }

  protected static fields(bottle: InfinityBottle, volumeMl: number): InfinityBottleDto {
    return {
      id: bottle.id,
      name: bottle.name,
      capacityMl: bottle.capacityMl,
      volumeMl: roundTo(volumeMl, 1),
      notes: bottle.notes ?? null,
      createdAt: bottle.createdAt,
      version: bottle.version,
    };
  }
}

/** One whisky's share of the blend. */
export class CompositionItemDto {
  whiskyId: string;
  /** @example "Talisker 10" */
  whiskyName: string;
  /** Millilitres of it in the vessel (one decimal). @example 50 */
  ml: number;
  /** Share of the volume in percent (one decimal; the shares add up to 100). @example 20 */
  percent: number;
}

/** An infinity bottle with what is in it, computed from its ledger. */
export class InfinityBottleDetailDto extends InfinityBottleDto {
  /** Largest share first. */
  composition: CompositionItemDto[];
  /** Volume-weighted strength in percent (one decimal); null when empty. @example 44.6 */
  estimatedAbv: number | null;
  /** Every addition and pour, oldest first. */
  history: InfinityEntryDto[];

  static detail(
    bottle: InfinityBottle,
    entries: readonly InfinityEntry[],
    contents: Blend,
  ): InfinityBottleDetailDto {
    const names = new Map(
      entries.flatMap((entry) => (entry.whisky ? [[entry.whisky.id, entry.whisky.name]] : [])),
    );
    const shares = percentages(contents.components.map((component) => component.ml));
    return Object.assign(new InfinityBottleDetailDto(), InfinityBottleDto.fields(bottle, contents.volumeMl), {
      composition: contents.components.map((component, index) =>
        Object.assign(new CompositionItemDto(), {
          whiskyId: component.whiskyId,
          whiskyName: names.get(component.whiskyId) ?? '',
          ml: roundTo(component.ml, 1),
          percent: shares[index] ?? 0,
        }),
      ),
      estimatedAbv: contents.abv === null ? null : roundTo(contents.abv, 1),
      history: entries.map((entry) => InfinityEntryDto.from(entry)),
    });
  }
}
