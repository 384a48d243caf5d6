import type { Theme } from '@mui/material';
import { useMediaQuery } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  DateField,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SimpleList,
  TextField,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { FlavourTagsField } from './FlavourTagsField';
import { NoteSubjectField, noteSubject } from './NoteSubject';
import { formatScore } from './scales';

type TastingNote = Schemas['TastingNoteDto'];
const Column = DataTable.Col<TastingNote>;

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="sessionId" source="sessionId" reference="sessions">
    <AutocompleteInput label="Session" optionText="title" />
  </ReferenceInput>,
  <ReferenceInput key="whiskyId" source="whiskyId" reference="whiskies">
    <AutocompleteInput label="Whisky" optionText="name" />
  </ReferenceInput>,
];

const SessionField = (_props: { label?: string }) => (
  <ReferenceField source="sample.sessionId" reference="sessions" link="show" emptyText="At home">
    <TextField source="title" />
  </ReferenceField>
);

/** My tasting notes (`mine=true`), newest first, with scores in my rating scale. */
export const TastingNoteList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      filter={{ mine: true }}
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      title="My tasting notes"
    >
      {isSmall ? (
        <SimpleList<TastingNote>
          primaryText={noteSubject}
          secondaryText={(note) => [note.nose, note.palate, note.finish].filter(Boolean).join(' · ')}
          tertiaryText={(note) => formatScore(note.score, note.scale)}
          linkType="edit"
        />
      ) : (
        <DataTable rowClick="edit">
          <Column label="Whisky" disableSort field={NoteSubjectField} />
          <Column label="Session" disableSort field={SessionField} />
          <Column source="score" label="Score" render={(note) => formatScore(note.score, note.scale)} />
          <Column label="Flavours" disableSort field={FlavourTagsField} />
          <Column source="createdAt" label="Written">
            <DateField source="createdAt" />
          </Column>
        </DataTable>
      )}
    </List>
  );
};
