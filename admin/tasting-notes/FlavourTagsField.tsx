import { Chip, Stack } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { useFlavourLabel } from './useFlavourTags';

/** A note's flavour tags as chips with their labels, then its free tags. */
export const FlavourTagsField = (_props: { label?: string }) => {
  const note = useRecordContext<Schemas['TastingNoteDto']>();
  const labelOf = useFlavourLabel();
  if (!note) return null;
  return (
    <Stack direction="row" flexWrap="wrap" gap={0.5}>
      {note.flavourTags.map((slug) => (
        <Chip key={slug} label={labelOf(slug)} size="small" />
      ))}
      {note.freeTags.map((tag) => (
        <Chip key={tag} label={tag} size="small" variant="outlined" />
      ))}
    </Stack>
  );
};
