import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';
import { trimmed } from './create-session.dto.js';

/**
 * Changes to a session. `title`, `place` and `notes` may change at any time; `startsAt`, `blind` and
 * `hostUserId` shape the tasting itself and change only while it is planned (409 afterwards).
 * `null` clears `place` and `notes`.
 */
export class UpdateSessionDto {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;

  /** @example "Islay night" */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  place?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  /** Only while planned. */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  startsAt?: Date;

  /** Only while planned. */
  @IsOptional()
  @IsBoolean()
  blind?: boolean;

  /** Only while planned; a member of the household, who joins the participants if not in yet. */
  @IsOptional()
  @IsUUID()
  hostUserId?: string;
}
