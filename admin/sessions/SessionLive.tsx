import { Alert, Box, Button, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import EventNoteIcon from '@mui/icons-material/EventNote';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import {
  Loading,
  Title,
  useAuthenticated,
  useDataProvider,
  useGetOne,
  useNotify,
  useRefresh,
} from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { useMyRatingScale } from '../tasting-notes/scales';
import { SampleCard } from './SampleCard';
import { SampleNoteForm, noteValues, type NoteValues } from './SampleNoteForm';
import { SampleStepper } from './SampleStepper';
import { SessionStatusChip } from './SessionStatusChip';
import { TransitionButton } from './TransitionButton';
import { planPath, resultsPath, type TastingSession } from './sessionFormat';
import { useNotifyError } from './useNotifyError';
import { useSessionAccess } from './useSessionAccess';

type FlightItem = TastingSession['items'][number];
type TastingNote = Schemas['TastingNoteDto'];

/** How often a live session is reloaded, to show what the host revealed from another device. */
const LIVE_REFRESH_MS = 10_000;

/** The host's button revealing one blind sample to everyone. */
const RevealButton = ({ session, item }: { session: TastingSession; item: FlightItem }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const reveal = useMutation({
    mutationFn: () => dataProvider.revealFlightItem(session.id, item.id),
    onSuccess: () => {
      notify(`${item.label} is revealed`, { type: 'success' });
      refresh();
    },
    onError: notifyError,
  });
  return (
    <Button
      size="large"
      variant="outlined"
      startIcon={<VisibilityIcon />}
      disabled={reveal.isPending}
      onClick={() => reveal.mutate()}
      aria-label={`Reveal ${item.label}`}
      sx={{ minHeight: 48 }}
    >
      Reveal
    </Button>
  );
};

/** My notes in the session, and saving one: a new note is created, an existing one changed. */
function useMyNotes(session: TastingSession, enabled: boolean) {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const queryClient = useQueryClient();
  const queryKey = ['sessions', session.id, 'my-notes'];
  const { data } = useQuery({
    queryKey,
    queryFn: () => dataProvider.sessionNotes(session.id, { mine: true }),
    enabled,
  });
  const notes = data?.data ?? [];
  const noteOf = (item: FlightItem) => notes.find((note) => note.sample?.flightItemId === item.id);
  const save = async (item: FlightItem, note: TastingNote | undefined, values: NoteValues) => {
    if (note) {
      const fields = { withFlavourTags: true, withGuess: 'guessText' in values };
      await dataProvider.update('tasting-notes', {
        id: note.id,
        data: values,
        previousData: { ...noteValues(note, fields), id: note.id, version: note.version },
      });
    } else {
      await dataProvider.create('tasting-notes', { data: { ...values, flightItemId: item.id } });
    }
    await queryClient.invalidateQueries({ queryKey });
  };
  return { noteOf, save };
}

const Header = ({ session }: { session: TastingSession }) => {
  const { canRun } = useSessionAccess(session);
  const hidden = session.items.some((item) => item.revealedAt === null);
  return (
    <Card>
      <CardContent>
        <Stack direction="row" alignItems="center" gap={1} flexWrap="wrap">
          <Typography variant="h5" component="h1" sx={{ mr: 1 }}>
            {session.title}
          </Typography>
          <SessionStatusChip status={session.status} />
          {session.blind && (
            <Chip size="small" icon={<VisibilityOffIcon />} label="Blind" variant="outlined" />
          )}
        </Stack>
        <Stack direction="row" flexWrap="wrap" gap={1} sx={{ mt: 2 }}>
          {canRun && session.blind && session.status === 'live' && hidden && (
            <TransitionButton
              session={session}
              transition="reveal"
              label="Reveal all"
              icon={<VisibilityIcon />}
              variant="contained"
              confirm={{
                title: 'Reveal every sample?',
                content: 'Everyone sees which whisky each sample is.',
              }}
            />
          )}
          <Button component={Link} to={resultsPath(session.id)} size="large" startIcon={<LeaderboardIcon />}>
            Results
          </Button>
          <Button component={Link} to={planPath(session.id)} size="large" startIcon={<EventNoteIcon />}>
            Plan
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
};

/** Why this member writes no notes here, when they do not. */
const NoNotes = ({ session }: { session: TastingSession }) => {
  if (session.status === 'planned') return <Alert severity="info">The tasting has not started yet.</Alert>;
  if (session.status === 'cancelled') return <Alert severity="warning">This session was cancelled.</Alert>;
  return <Alert severity="info">You follow this tasting without taking notes.</Alert>;
};

const Flight = ({ session }: { session: TastingSession }) => {
  const { canRun, canNote } = useSessionAccess(session);
  const scale = useMyRatingScale();
  const { noteOf, save } = useMyNotes(session, canNote);
  const revealable = canRun && session.blind && session.status === 'live';
  return (
    <SampleStepper
      samples={session.items}
      isNoted={(item) => !!noteOf(item)}
      renderSample={(item) => (
        <SampleCard
          item={item}
          blind={session.blind}
          action={
            revealable && item.revealedAt === null ? <RevealButton session={session} item={item} /> : null
          }
        >
          {canNote ? (
            <SampleNoteForm
              note={noteOf(item)}
              scale={scale}
              withFlavourTags
              withGuess={item.identityHidden}
              onSave={(values) => save(item, noteOf(item), values)}
            />
          ) : null}
        </SampleCard>
      )}
    />
  );
};

/**
 * Live mode: one sample at a time, big enough for a phone at the table. Participants note each
 * sample (score in their rating scale, nose, palate, finish, flavours, a guess while blind); the
 * host reveals samples one by one or all at once. Reloads itself while the session is live.
 */
export const SessionLive = () => {
  useAuthenticated();
  const { id = '' } = useParams<'id'>();
  const { data: session, error } = useGetOne<TastingSession>(
    'sessions',
    { id },
    { refetchInterval: (query) => (query.state.data?.status === 'live' ? LIVE_REFRESH_MS : false) },
  );
  const { canRun, canNote } = useSessionAccess(session);
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (!session) return <Loading />;
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4, maxWidth: 760 }}>
      <Title title={`Live: ${session.title}`} />
      <Header session={session} />
      {!canNote && <NoNotes session={session} />}
      {session.status === 'planned' && canRun && (
        <Box>
          <TransitionButton
            session={session}
            transition="start"
            label="Start tasting"
            icon={<PlayArrowIcon />}
            variant="contained"
            disabled={session.items.length === 0}
          />
        </Box>
      )}
      {(session.status === 'live' || session.status === 'finished') && <Flight session={session} />}
    </Stack>
  );
};
