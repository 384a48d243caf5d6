import { Transform, type TransformFnParams } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { normaliseBarcode } from '../gtin.js';
import { BOTTLER_KINDS, WHISKY_STYLES, type BottlerKind, type WhiskyStyle } from '../whisky.entity.js';
import { IsGtin, IsNotFutureYear, Omittable } from './validators.js';

/** Applies `normalise` to each entry of a list of strings, dropping duplicates; anything else is left for validation to refuse. */
function normaliseEach(normalise: (entry: string) => string) {
  return ({ value }: TransformFnParams): unknown =>
    Array.isArray(value) && value.every((entry) => typeof entry === 'string')
      ? [...new Set(value.map(normalise))]
      : value;
}

/** A new whisky (an expression as sold) in my household's collection. */
export class CreateWhiskyDto {
  /** @example "Lagavulin 16" */
  @IsString()
  @Length(1, 200)
  name: string;

  /** @example "Lagavulin" */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  distillery?: string | null;

  /** `official` (the distillery's own bottling, the default) or `independent`. */
  @Omittable()
  @IsIn(BOTTLER_KINDS)
  bottlerKind?: BottlerKind;

  /** The independent bottler; required when `bottlerKind` is `independent` (422 otherwise). @example "Signatory Vintage" */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  bottlerName?: string | null;

  /** @example "Scotland" */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  country?: string | null;

  /** @example "Islay" */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  region?: string | null;

  /** @example "single_malt" */
  @IsIn(WHISKY_STYLES)
  style: WhiskyStyle;

  /** Age statement in years; null (or absent) for no age statement (NAS). @example 16 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  ageYears?: number | null;

  /** Year of distillation, 1800 to the current year. @example 2008 */
  @IsOptional()
  @IsInt()
  @Min(1800)
  @IsNotFutureYear()
  vintageYear?: number | null;

  /** Year of bottling, 1800 to the current year, not before `vintageYear` (422). @example 2024 */
  @IsOptional()
  @IsInt()
  @Min(1800)
  @IsNotFutureYear()
  bottledYear?: number | null;

  /** Alcohol by volume in percent, at most one decimal. @example 43 */
  @IsNumber({ maxDecimalPlaces: 1, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  abv: number;

  /** @example ["ex-bourbon", "oloroso sherry"] */
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  caskTypes?: string[];

  /** Bottled at cask strength; false when left out. */
  @Omittable()
  @IsBoolean()
  caskStrength?: boolean;

  /** Null when unknown. */
  @IsOptional()
  @IsBoolean()
  chillFiltered?: boolean | null;

  /** Null when unknown. */
  @IsOptional()
  @IsBoolean()
  naturalColour?: boolean | null;

  /** Usual bottle size in ml, 50 to 5000; 700 when left out. @example 700 */
  @Omittable()
  @IsInt()
  @Min(50)
  @Max(5000)
  defaultSizeMl?: number;

  /**
   * EAN-8, EAN-13, UPC-A or UPC-E codes with a valid check digit; spaces are removed. A code belongs
   * to one whisky of the household (409 otherwise). In a change, the list replaces the whole set.
   * @example ["5000281005416"]
   */
  @Omittable()
  @Transform(normaliseEach(normaliseBarcode))
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsGtin({ each: true })
  barcodes?: string[];

  /** Stored trimmed, lower-cased and without duplicates. @example ["peated", "islay"] */
  @Omittable()
  @Transform(normaliseEach((tag) => tag.trim().toLowerCase()))
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  /** A page about it (http or https). @example "https://www.whiskybase.com/whiskies/whisky/1234" */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  externalUrl?: string | null;

  /** Stable id from another system, so re-importing updates instead of duplicating. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  externalId?: string | null;
}
