import { IsInt, Min } from 'class-validator';
import { TastingNoteContentDto } from './tasting-note-content.dto.js';

/** Changes to one's own note; the whisky and the sample are fixed. Fields left out stay as they are. */
export class UpdateTastingNoteDto extends TastingNoteContentDto {
  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(1)
  version: number;
}
