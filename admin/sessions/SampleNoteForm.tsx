import { useMemo } from 'react';
import { Stack, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import EditNoteIcon from '@mui/icons-material/EditNote';
import { Form, HttpError, SaveButton, useFormIsDirty } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { NoteInputs } from '../tasting-notes/NoteInputs';
import type { RatingScale } from '../tasting-notes/scales';
import { useNotifyError } from './useNotifyError';

/** What the note form edits, named as the API's note DTOs. */
export type NoteValues = Pick<
  Schemas['CreateTastingNoteDto'],
  'score' | 'nose' | 'palate' | 'finish' | 'flavourTags' | 'guessText'
>;

/** The form values of an existing note (or of a new one), with the fields the form shows. */
export function noteValues(
  note: Schemas['TastingNoteDto'] | undefined,
  fields: { withFlavourTags: boolean; withGuess: boolean },
): NoteValues {
  return {
    score: note?.score ?? null,
    nose: note?.nose ?? null,
    palate: note?.palate ?? null,
    finish: note?.finish ?? null,
    ...(fields.withFlavourTags ? { flavourTags: note?.flavourTags ?? [] } : {}),
    ...(fields.withGuess ? { guessText: note?.guess?.text ?? null } : {}),
  };
}

/** Whether the note is saved, said next to its button (a toast would cover the buttons on a phone). */
const SaveState = ({ savedAt }: { savedAt: string | undefined }) => {
  const dirty = useFormIsDirty();
  if (!dirty && !savedAt) return null;
  const time = savedAt && new Date(savedAt).toLocaleTimeString(undefined, { timeStyle: 'short' });
  return (
    <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 1 }} role="status">
      {dirty ? (
        <EditNoteIcon color="warning" fontSize="small" />
      ) : (
        <CheckCircleIcon color="success" fontSize="small" />
      )}
      <Typography variant="body2" color="text.secondary">
        {dirty ? 'Not saved yet' : `Saved at ${time}`}
      </Typography>
    </Stack>
  );
};

/**
 * The note on one sample, in live mode and on the guest page: score in `scale`, texts, flavour tags
 * (members), a guess while the sample is hidden. `onSave` writes it; field errors of the API land
 * on the inputs, other errors in a notification.
 */
export const SampleNoteForm = ({ note, scale, withFlavourTags, withGuess, onSave }: SampleNoteFormProps) => {
  const notifyError = useNotifyError();
  // A stable record: the form resets whenever it changes, which would drop a draft at each reload.
  const record = useMemo(
    () => noteValues(note, { withFlavourTags, withGuess }),
    [note, withFlavourTags, withGuess],
  );
  const submit = async (values: Record<string, unknown>) => {
    try {
      await onSave(values);
    } catch (error) {
      notifyError(error);
      if (error instanceof HttpError) return (error.body as { errors?: Record<string, unknown> })?.errors;
    }
    return undefined;
  };
  return (
    <Form record={record} onSubmit={submit}>
      <NoteInputs scale={scale} withFlavourTags={withFlavourTags} withGuess={withGuess} />
      <SaveButton label="Save note" size="large" fullWidth sx={{ mt: 2, minHeight: 52 }} />
      <SaveState savedAt={note?.updatedAt} />
    </Form>
  );
};

/** Props of {@link SampleNoteForm}. */
export interface SampleNoteFormProps {
  note: Schemas['TastingNoteDto'] | undefined;
  scale: RatingScale;
  withFlavourTags: boolean;
  withGuess: boolean;
  onSave: (values: NoteValues) => Promise<void>;
}
