import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** Trims surrounding whitespace from a string field (other values pass through to validation). */
export const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** A tasting session being planned. */
export class CreateSessionDto {
  /** @example "Islay night" */
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  /** When it is meant to begin. @example "2026-12-05T19:30:00Z" */
  @Type(() => Date)
  @IsDate()
  startsAt: Date;

  /** @example "Ada's kitchen" */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  place?: string;

  /** Participants other than the host see the flight as "Sample 1…n" until revealed. Default false. */
  @IsOptional()
  @IsBoolean()
  blind?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string;

  /** The member who hosts it (a member of the household); the caller when omitted. */
  @IsOptional()
  @IsUUID()
  hostUserId?: string;
}
