import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

/** A new place where bottles live. */
export class CreateLocationDto {
  /** Unique in the household (409 otherwise); surrounding spaces are removed. @example "Living-room cabinet, top shelf" */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  name: string;

  /** @example "Behind the glass door, away from the window" */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /** Stable id from another system, so re-importing updates instead of duplicating. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  externalId?: string | null;
}
