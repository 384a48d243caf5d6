import { Stack, Typography } from '@mui/material';
import type { Schemas } from '../dataProvider';
import { formatScore } from '../tasting-notes/scales';

/** A note read, not edited: its score in the scale it was answered in, its texts and guess. */
export const NoteSummary = ({ note }: { note: Schemas['TastingNoteDto'] | undefined }) => {
  if (!note) {
    return (
      <Typography variant="body2" color="text.secondary">
        No note on this sample.
      </Typography>
    );
  }
  const lines: [string, string | null][] = [
    ['Score', formatScore(note.score, note.scale)],
    ['Nose', note.nose],
    ['Palate', note.palate],
    ['Finish', note.finish],
    ['Guess', note.guess?.whisky?.name ?? note.guess?.text ?? null],
  ];
  return (
    <Stack spacing={1}>
      {lines
        .filter(([, text]) => text)
        .map(([label, text]) => (
          <Typography key={label} variant="body2">
            <strong>{label}:</strong> {text}
          </Typography>
        ))}
    </Stack>
  );
};
