import RateReviewIcon from '@mui/icons-material/RateReview';
import type { Schemas } from '../dataProvider';
import { noteSubject } from './NoteSubject';
import { TastingNoteEdit } from './TastingNoteEdit';
import { TastingNoteList } from './TastingNoteList';

/** Tasting notes: my notes and their edit form. */
export default {
  list: TastingNoteList,
  edit: TastingNoteEdit,
  icon: RateReviewIcon,
  recordRepresentation: (note: Schemas['TastingNoteDto']) => noteSubject(note),
};
