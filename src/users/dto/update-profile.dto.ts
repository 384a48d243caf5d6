import {
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Matches,
  Min,
} from 'class-validator';
import { RATING_SCALES, type RatingScale } from '../user.entity.js';

/** Changes to one's own profile; `role` and other privileges cannot be set here. */
export class UpdateProfileDto {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @IsOptional()
  @IsIn(RATING_SCALES)
  ratingScale?: RatingScale;

  /** BCP 47 language tag. @example "de-CH" */
  @IsOptional()
  @Matches(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, {
    message: 'locale must be a language tag such as en or de-CH',
  })
  locale?: string;

  /** IANA time zone. @example "Europe/Zurich" */
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  /** ISO 4217 currency code. @example "CHF" */
  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;
}
