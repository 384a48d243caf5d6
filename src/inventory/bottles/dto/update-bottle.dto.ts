import {
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { BOTTLE_STATUSES, type BottleStatus } from '../bottle.entity.js';
import { CALENDAR_DATE } from './create-bottle.dto.js';

/**
 * Changes to a bottle. `null` clears a field. The whisky and size are fixed; the volume changes only
 * through pours.
 */
export class UpdateBottleDto {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;

  /** Where it is kept now; null when it has no place. */
  @IsOptional()
  @IsUUID()
  locationId?: string | null;

  /**
   * Allowed: sealed → open; sealed or open → gifted or sold; open → finished (what is left is recorded
   * in the ledger as a `correction` pour). A finished, gifted or sold bottle keeps its status.
   */
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @IsIn(BOTTLE_STATUSES)
  status?: BottleStatus;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(9999999999.99)
  purchasePrice?: number | null;

  /** ISO 4217 code of the price and value; the bottle needs one while it has either. */
  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string | null;

  @IsOptional()
  @Matches(CALENDAR_DATE, { message: 'purchasedAt must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  purchasedAt?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  shop?: string | null;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(9999999999.99)
  estimatedValue?: number | null;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}
