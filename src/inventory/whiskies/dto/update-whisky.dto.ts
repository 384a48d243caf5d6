import { PartialType } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { CreateWhiskyDto } from './create-whisky.dto.js';

/**
 * Changes to a whisky: only the fields sent change. `null` clears a nullable field; fields without an
 * empty value (`name`, `style`, `abv`, lists, …) refuse `null` with 400. `barcodes` replaces the whole set.
 */
export class UpdateWhiskyDto extends PartialType(CreateWhiskyDto, { skipNullProperties: false }) {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;
}
