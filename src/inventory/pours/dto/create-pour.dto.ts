import { Type } from 'class-transformer';
import { IsDate, IsIn, IsNumber, IsOptional, IsString, Max, MaxDate, MaxLength, Min } from 'class-validator';
import type { PourReason } from '../pour.entity.js';

/**
 * Reasons a client may record. `infinity` pours are made only by the infinity bottle, which records
 * where the whisky went.
 */
export const MANUAL_POUR_REASONS = [
  'dram',
  'tasting',
  'share',
  'spill',
  'correction',
] as const satisfies readonly PourReason[];
export type ManualPourReason = (typeof MANUAL_POUR_REASONS)[number];

/** Clock skew tolerated between a client and the server for "not in the future". */
const CLOCK_SKEW_MS = 60_000;

/** A pour from a bottle. */
export class CreatePourDto {
  /** Millilitres, one decimal (at most the ledger's 5000). @example 25 */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0.1)
  @Max(5000)
  ml: number;

  @IsIn(MANUAL_POUR_REASONS)
  reason: ManualPourReason;

  /** When it was poured; now when omitted. Not in the future. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MaxDate(() => new Date(Date.now() + CLOCK_SKEW_MS), { message: 'pouredAt must not be in the future' })
  pouredAt?: Date;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string;
}
