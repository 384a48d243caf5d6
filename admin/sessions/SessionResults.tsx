import { Alert, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import StopIcon from '@mui/icons-material/Stop';
import LocalBarIcon from '@mui/icons-material/LocalBar';
import EventNoteIcon from '@mui/icons-material/EventNote';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { Loading, Title, useAuthenticated, useDataProvider, useGetOne } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { ResultsView } from './ResultsView';
import { SessionStatusChip } from './SessionStatusChip';
import { SharePanel } from './SharePanel';
import { TransitionButton } from './TransitionButton';
import { rowsFromResults } from './resultRows';
import { formatDateTime, livePath, planPath, type TastingSession } from './sessionFormat';
import { useSessionAccess } from './useSessionAccess';

/**
 * A session's results in my rating scale: ranking, scores chart and guesses; for whoever runs it,
 * finishing a live session and the public link of a finished one.
 */
export const SessionResults = () => {
  useAuthenticated();
  const { id = '' } = useParams<'id'>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { data: session } = useGetOne<TastingSession>('sessions', { id });
  const { canRun } = useSessionAccess(session);
  const { data: results, error } = useQuery({
    queryKey: ['sessions', id, 'results'],
    queryFn: () => dataProvider.sessionResults(id),
  });
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (!results || !session) return <Loading />;
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4, maxWidth: 960 }}>
      <Title title={`Results: ${results.title}`} />
      <Card>
        <CardContent>
          <Stack direction="row" alignItems="center" gap={1} flexWrap="wrap">
            <Typography variant="h5" component="h1" sx={{ mr: 1 }}>
              {results.title}
            </Typography>
            <SessionStatusChip status={results.status} />
          </Stack>
          <Typography color="text.secondary">{formatDateTime(results.startsAt)}</Typography>
          <Stack direction="row" flexWrap="wrap" gap={1} sx={{ mt: 2 }}>
            {canRun && session.status === 'live' && (
              <TransitionButton
                session={session}
                transition="finish"
                label="Finish session"
                icon={<StopIcon />}
                variant="contained"
                confirm={{ title: 'Finish the tasting?', content: 'Every sample is revealed to everyone.' }}
              />
            )}
            {(session.status === 'live' || session.status === 'finished') && (
              <Button component={Link} to={livePath(id)} size="large" startIcon={<LocalBarIcon />}>
                {session.status === 'live' ? 'Live mode' : 'Notes'}
              </Button>
            )}
            <Button component={Link} to={planPath(id)} size="large" startIcon={<EventNoteIcon />}>
              Plan
            </Button>
          </Stack>
        </CardContent>
      </Card>
      <ResultsView rows={rowsFromResults(results)} scale={results.scale} />
      {canRun && <SharePanel session={session} />}
    </Stack>
  );
};
