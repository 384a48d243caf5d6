import { Alert, Box, Card, CardContent, Divider, Skeleton, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, useCreatePath, useDataProvider, useRecordContext } from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { formatScore } from '../tasting-notes/scales';

type Note = Schemas['TastingNoteDto'];

/** Notes shown on the whisky's page; the rest are one link away. */
const SHOWN = 5;

const NoteItem = ({ note }: { note: Note }) => {
  const text = note.overall ?? note.palate ?? note.nose ?? note.finish;
  return (
    <Box component="li" sx={{ py: 1 }}>
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
        <Typography variant="subtitle2">
          {note.author.displayName}
          {note.sample && (
            <Typography component="span" variant="body2" color="text.secondary">
              {' '}
              · tasting
            </Typography>
          )}
        </Typography>
        {note.score != null && (
          <Typography variant="subtitle2" sx={{ whiteSpace: 'nowrap' }}>
            {formatScore(note.score, note.scale)}
          </Typography>
        )}
      </Stack>
      <Typography variant="caption" color="text.secondary">
        {new Date(note.createdAt).toLocaleDateString()}
      </Typography>
      {text && (
        <Typography
          variant="body2"
          sx={{ display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}
        >
          {text}
        </Typography>
      )}
    </Box>
  );
};

/** The whisky's tasting notes, from sessions and at home, with their average score in the user's scale. */
export const WhiskyNotes = () => {
  const whisky = useRecordContext<Schemas['WhiskyDto']>();
  return whisky ? <WhiskyNotesCard whiskyId={whisky.id} /> : null;
};

const WhiskyNotesCard = ({ whiskyId }: { whiskyId: string }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const createPath = useCreatePath();
  const { data, isPending, error } = useQuery({
    queryKey: ['whiskies', 'notes', whiskyId],
    queryFn: () => dataProvider.whiskyNotes(whiskyId),
  });
  const allNotes = `${createPath({ resource: 'tasting-notes', type: 'list' })}?filter=${encodeURIComponent(
    JSON.stringify({ whiskyId }),
  )}`;
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" component="h2">
          Tasting notes
        </Typography>
        {isPending ? (
          <Skeleton variant="rounded" height={120} />
        ) : error ? (
          <Alert severity="error">{error.message}</Alert>
        ) : (
          <>
            {data.averageScore != null && (
              <Typography variant="h4" component="p" aria-label="Average score">
                {formatScore(data.averageScore, data.scale)}
              </Typography>
            )}
            <Typography variant="body2" color="text.secondary" gutterBottom>
              {data.scoredNotes === 0
                ? 'No score yet'
                : `Average of ${data.scoredNotes} scored ${data.scoredNotes === 1 ? 'note' : 'notes'}`}
            </Typography>
            <Divider />
            {data.total === 0 ? (
              <Typography color="text.secondary" sx={{ mt: 1 }}>
                Nobody has written a note about it yet.
              </Typography>
            ) : (
              <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
                {data.data.slice(0, SHOWN).map((note) => (
                  <NoteItem key={note.id} note={note} />
                ))}
              </Box>
            )}
            {data.total > SHOWN && <Link to={allNotes}>All {data.total} notes</Link>}
          </>
        )}
      </CardContent>
    </Card>
  );
};
