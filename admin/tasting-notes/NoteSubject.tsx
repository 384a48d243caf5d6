import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { Schemas } from '../dataProvider';

type TastingNote = Schemas['TastingNoteDto'];

/** What a note is about, as its reader may know it: the whisky, or a blind sample's label. */
export function noteSubject(note: TastingNote): string {
  if (note.whisky) return note.whisky.name;
  return note.sample ? `${note.sample.label} (blind)` : 'Unknown whisky';
}

/** {@link noteSubject} of the note in context, as a field. */
export const NoteSubjectField = (_props: { label?: string }) => {
  const note = useRecordContext<TastingNote>();
  if (!note) return null;
  return (
    <Typography variant="body2" component="span" fontWeight={500}>
      {noteSubject(note)}
    </Typography>
  );
};
