import { Card, CardContent, Typography } from '@mui/material';
import {
  DateField,
  Edit,
  Labeled,
  ReferenceField,
  SimpleForm,
  TextArrayInput,
  TextField,
  TextInput,
  useRecordContext,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { NoteInputs } from './NoteInputs';
import { noteSubject } from './NoteSubject';

type TastingNote = Schemas['TastingNoteDto'];

const NoteTitle = () => {
  const note = useRecordContext<TastingNote>();
  return <>{note ? `Note on ${noteSubject(note)}` : 'Note'}</>;
};

/** What the note is about: whisky or blind sample, its session, when it was written. */
const NoteHeader = () => {
  const note = useRecordContext<TastingNote>();
  if (!note) return null;
  return (
    <Card variant="outlined" sx={{ mb: 2, width: '100%' }}>
      <CardContent sx={{ display: 'flex', flexWrap: 'wrap', gap: 3 }}>
        <Labeled label="Whisky">
          <Typography variant="body1">{noteSubject(note)}</Typography>
        </Labeled>
        {note.sample && (
          <Labeled label="Session">
            <ReferenceField source="sample.sessionId" reference="sessions" link="show">
              <TextField source="title" />
            </ReferenceField>
          </Labeled>
        )}
        <Labeled label="Written">
          <DateField source="createdAt" showTime />
        </Labeled>
      </CardContent>
    </Card>
  );
};

const NoteForm = () => {
  const note = useRecordContext<TastingNote>();
  if (!note) return null;
  return (
    <SimpleForm sx={{ maxWidth: 720 }}>
      <NoteHeader />
      <NoteInputs scale={note.scale} />
      <TextInput source="overall" label="Overall" multiline minRows={2} fullWidth />
      <TextArrayInput source="freeTags" label="My own tags" helperText="Words the flavour list lacks" />
    </SimpleForm>
  );
};

/**
 * Edits one of my notes (the API lets only its author change it, also after the session): the score
 * in my rating scale (the scale the API answered it in), the texts and the flavour tags.
 */
export const TastingNoteEdit = () => (
  <Edit title={<NoteTitle />} mutationMode="pessimistic" redirect="list">
    <NoteForm />
  </Edit>
);
