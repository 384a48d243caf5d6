import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { RATING_SCALES, type RatingScale } from '../../../users/user.entity.js';
import { TastingNoteContentDto } from '../../notes/dto/tasting-note-content.dto.js';

/**
 * A guest's note on a sample, created or changed in place. Fields left out stay as they are; `null`
 * clears one.
 */
export class GuestNoteDto extends TastingNoteContentDto {
  /** The scale of `score` (and of the score in the response); 100 points when left out. */
  @IsOptional()
  @IsIn(RATING_SCALES)
  scale?: RatingScale;

  /** The version last read, to refuse (409) overwriting a change made elsewhere; optional. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** Query of a guest's view of their session. */
export class GuestViewQuery {
  /** The scale the guest's scores are shown in; 100 points when left out. */
  @IsOptional()
  @IsIn(RATING_SCALES)
  scale?: RatingScale;
}
