import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { listQuery } from '../../../common/pagination/list-query.js';

/**
 * Query of the lists of notes under a session or a whisky: the list convention (newest first by
 * default; notes without a score sort last; `q` searches nose, palate, finish and overall) plus
 * filters by author.
 */
export class NoteListQuery extends listQuery(['createdAt', 'score'], 'createdAt', 'DESC') {
  /** Only notes written by this member. */
  @IsOptional()
  @IsUUID()
  authorId?: string;

  /** `true`: only the caller's own notes. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  mine?: boolean;
}

/** Query of `GET /tasting-notes`: {@link NoteListQuery} plus filters by whisky and session. */
export class TastingNoteListQuery extends NoteListQuery {
  /** Only notes of this whisky (notes of samples still hidden from the caller are left out). */
  @IsOptional()
  @IsUUID()
  whiskyId?: string;

  /** Only notes taken in this session. */
  @IsOptional()
  @IsUUID()
  sessionId?: string;
}
