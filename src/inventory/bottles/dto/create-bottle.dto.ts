import {
  IsIn,
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
  IsInt,
} from 'class-validator';

// Limits are literals so the Swagger plugin documents them: sizes from a 5 cl miniature to a 5 l
// bottle, amounts up to what the column holds (12 digits, 2 of them decimals).

/** Statuses a bottle can be added with; `finished`, `gifted` and `sold` are reached later. */
export const NEW_BOTTLE_STATUSES = ['sealed', 'open'] as const;
export type NewBottleStatus = (typeof NEW_BOTTLE_STATUSES)[number];
/** A calendar date such as 2025-03-14 (checked for real dates by `IsISO8601({ strict: true })`). */
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A bottle added to the collection. */
export class CreateBottleDto {
  /** The whisky it is a bottle of. */
  @IsUUID()
  whiskyId: string;

  /** Where it is kept. */
  @IsOptional()
  @IsUUID()
  locationId?: string;

  /** Nominal size; defaults to the whisky's default size. @example 700 */
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(5000)
  sizeMl?: number;

  /**
   * `sealed` (the default) or `open`. Omitted with a `currentVolumeMl` below the size, the bottle is
   * added as open.
   */
  @IsOptional()
  @IsIn(NEW_BOTTLE_STATUSES)
  status?: NewBottleStatus;

  /**
   * What is left in a bottle that is already open (at most `sizeMl`). The difference is recorded in
   * the pour ledger as a `correction`, so the ledger stays the truth; 0 adds the bottle as finished.
   * @example 450
   */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0)
  @Max(5000)
  currentVolumeMl?: number;

  /** What was paid, in `currency`. @example 89.9 */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(9999999999.99)
  purchasePrice?: number;

  /** ISO 4217 code of the price and value; required with either. @example "GBP" */
  @ValidateIf(
    (bottle: CreateBottleDto) =>
      bottle.purchasePrice != null || bottle.estimatedValue != null || bottle.currency !== undefined,
  )
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code and is required with a price' })
  currency?: string;

  /** Day of purchase. @example "2025-03-14" */
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: 'purchasedAt must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  purchasedAt?: string;

  /** @example "The Whisky Exchange" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  shop?: string;

  /** What the bottle is worth today, in `currency`. @example 120 */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(9999999999.99)
  estimatedValue?: number;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string;

  /** Stable id from another system, kept across exports and imports. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalId?: string;
}
