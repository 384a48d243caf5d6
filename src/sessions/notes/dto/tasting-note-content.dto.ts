import { Transform, type TransformFnParams } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

/** Trims, lower-cases and de-duplicates a list of strings; anything else is left for validation to refuse. */
function normaliseTags({ value }: TransformFnParams): unknown {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string')
    ? [...new Set(value.map((entry: string) => entry.trim().toLowerCase()))]
    : value;
}

/** Left out is fine, `null` is not (the lists have `[]` as their empty value). */
const Omittable = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/**
 * What a tasting note says; shared by creating, changing and a guest's note. In a change, `null`
 * clears a field and a list replaces the whole list.
 */
export class TastingNoteContentDto {
  /** @example "Peat smoke, iodine, a little vanilla" */
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  nose?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  palate?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  finish?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  overall?: string | null;

  /**
   * In the author's rating scale (see the profile's `ratingScale`): 0–100 or 0–10 with one decimal, or
   * 0–5 stars in halves. A value outside the scale is refused with 422.
   * @example 87
   */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score?: number | null;

  /** Slugs of the flavour vocabulary (`GET /flavour-tags`); an unknown slug is refused with 422. @example ["peaty", "vanilla"] */
  @Omittable()
  @Transform(normaliseTags)
  @IsArray()
  @ArrayMaxSize(48)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  flavourTags?: string[];

  /** The author's own words for what the vocabulary lacks; stored trimmed and lower-cased. @example ["campfire marshmallow"] */
  @Omittable()
  @Transform(normaliseTags)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  freeTags?: string[];

  /** What was in the glass, in ml. @example 20 */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0)
  @Max(1000)
  servedMl?: number | null;

  /** Blind sessions only: the whisky the author thinks the sample is. */
  @IsOptional()
  @IsUUID()
  guessWhiskyId?: string | null;

  /** Blind sessions only: the author's guess in words. @example "An Islay, 10 years or so" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  guessText?: string | null;
}
