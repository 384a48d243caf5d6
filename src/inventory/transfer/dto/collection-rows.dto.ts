import { OmitType, PickType } from '@nestjs/swagger';
import {
  IsDate,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxDate,
  Min,
} from 'class-validator';
import { BOTTLE_STATUSES, type BottleStatus } from '../../bottles/bottle.entity.js';
import { CALENDAR_DATE, CreateBottleDto } from '../../bottles/dto/create-bottle.dto.js';
import { CreateLocationDto } from '../../locations/dto/create-location.dto.js';
import { CreatePourDto } from '../../pours/dto/create-pour.dto.js';
import { POUR_REASONS, type PourReason } from '../../pours/pour.entity.js';
import { CreateWhiskyDto } from '../../whiskies/dto/create-whisky.dto.js';

/**
 * The rows of a collection file. Each extends the API's create-DTO of its kind, so an imported row
 * obeys exactly the rules of the API (lengths, ranges, enums, barcodes with check digits, currency
 * codes); the row adds its file `id`, references by file id instead of database UUID, and the fields
 * that are history rather than input (any bottle status, opening dates, `infinity` pours).
 */

/** Clock skew tolerated for "not in the future" (as the pour API does). */
const CLOCK_SKEW_MS = 60_000;

/** A location. */
export class LocationRowDto extends PickType(CreateLocationDto, ['name', 'description'] as const) {
  /**
   * The record's id in the file: its `externalId` when it has one, else its database id. An import
   * updates the record whose `externalId` (or database id) this is, and keeps it as `externalId` of
   * what it creates. @example "loc-cellar"
   */
  @IsString()
  @Length(1, 100)
  id: string;
}

/** A whisky; CSV and XLSX write `barcodes`, `tags` and `caskTypes` as one `;`-separated cell. */
export class WhiskyRowDto extends OmitType(CreateWhiskyDto, ['externalId'] as const) {
  /** Its `externalId`, else its database id. @example "0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3" */
  @IsString()
  @Length(1, 100)
  id: string;
}

/** A bottle; `whiskyId` and `locationId` are the `id`s of rows of the file or of the household. */
export class BottleRowDto extends OmitType(CreateBottleDto, [
  'whiskyId',
  'locationId',
  'status',
  'currentVolumeMl',
  'externalId',
] as const) {
  /** Its `externalId`, else its database id. */
  @IsString()
  @Length(1, 100)
  id: string;

  /** The `id` of its whisky. */
  @IsString()
  @Length(1, 100)
  whiskyId: string;

  /** The `id` of its location; empty for none. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  locationId?: string | null;

  @IsIn(BOTTLE_STATUSES)
  status: BottleStatus;

  /**
   * Size minus the pours of the ledger, for reading. An import does not set it: it recomputes it from
   * the pours and refuses a row whose value disagrees. @example 455.5
   */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0)
  @Max(5000) // the largest bottle size of the API (a literal, so the Swagger plugin documents it)
  currentVolumeMl?: number | null;

  /** Day it was opened (YYYY-MM-DD). */
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: 'openedAt must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  openedAt?: string | null;

  /** Day it was emptied (YYYY-MM-DD). */
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: 'finishedAt must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  finishedAt?: string | null;
}

/** A pour of the ledger: history, so every reason (also `infinity`) is accepted. */
export class PourRowDto extends OmitType(CreatePourDto, ['reason', 'pouredAt'] as const) {
  /** Its `externalId`, else its database id. */
  @IsString()
  @Length(1, 100)
  id: string;

  /** The `id` of its bottle. */
  @IsString()
  @Length(1, 100)
  bottleId: string;

  @IsIn(POUR_REASONS)
  reason: PourReason;

  /** When it was poured (ISO 8601 with time zone); not in the future. */
  @IsDate()
  @MaxDate(() => new Date(Date.now() + CLOCK_SKEW_MS), { message: 'pouredAt must not be in the future' })
  pouredAt: Date;
}

/**
 * A JSON export: one document with every kind. Infinity bottles are not part of the format (yet); an
 * infinity addition's pour is exported as a pour of its source bottle.
 */
export class CollectionDocumentDto {
  /** @example "whiskey-tracker" */
  format: string;
  /** @example 1 */
  version: number;
  exportedAt: Date;
  locations: LocationRowDto[];
  whiskies: WhiskyRowDto[];
  bottles: BottleRowDto[];
  pours: PourRowDto[];
}
