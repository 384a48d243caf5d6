import { PartialType } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { CreateLocationDto } from './create-location.dto.js';

/** Changes to a location: only the fields sent change; `null` clears `description` or `externalId`. */
export class UpdateLocationDto extends PartialType(CreateLocationDto, { skipNullProperties: false }) {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;
}
