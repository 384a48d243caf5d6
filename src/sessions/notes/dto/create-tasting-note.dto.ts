import { IsUUID, ValidateBy, ValidateIf } from 'class-validator';
import { TastingNoteContentDto } from './tasting-note-content.dto.js';

/** A new tasting note: of a whisky at home (`whiskyId`) or of a sample in a session (`flightItemId`). */
export class CreateTastingNoteDto extends TastingNoteContentDto {
  /** The whisky of a note taken outside any session. Exactly one of `whiskyId` and `flightItemId`. */
  @ValidateIf((note: CreateTastingNoteDto) => note.flightItemId === undefined || note.whiskyId !== undefined)
  @IsUUID()
  whiskyId?: string;

  /**
   * The sample of a live or finished session the caller takes part in; the whisky is the one of its
   * bottle. One note per participant and sample (409 for a second).
   */
  @ValidateIf((note: CreateTastingNoteDto) => note.flightItemId !== undefined)
  @IsUUID()
  @ValidateBy({
    name: 'notWithWhiskyId',
    validator: {
      validate: (_value: unknown, args) => (args?.object as CreateTastingNoteDto).whiskyId === undefined,
      defaultMessage: () => 'flightItemId and whiskyId cannot be combined (the sample decides the whisky)',
    },
  })
  flightItemId?: string;
}
