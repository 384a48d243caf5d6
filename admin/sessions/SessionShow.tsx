import { Box, Button, Card, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import StopIcon from '@mui/icons-material/Stop';
import CancelIcon from '@mui/icons-material/Cancel';
import LocalBarIcon from '@mui/icons-material/LocalBar';
import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { Link, useNavigate } from 'react-router-dom';
import { DeleteButton, EditButton, Show, TopToolbar, useRecordContext } from 'react-admin';
import { FlightPanel } from './FlightPanel';
import { ParticipantsPanel } from './ParticipantsPanel';
import { SessionStatusChip } from './SessionStatusChip';
import { TransitionButton } from './TransitionButton';
import { formatDateTime, livePath, resultsPath, type TastingSession } from './sessionFormat';
import { useSessionAccess } from './useSessionAccess';

const SessionTitle = () => <>{useRecordContext<TastingSession>()?.title ?? 'Tasting session'}</>;

/** Edit and delete, for whoever runs the session (delete only while planned or cancelled). */
const SessionShowActions = () => {
  const session = useRecordContext<TastingSession>();
  const { canRun } = useSessionAccess(session);
  if (!session || !canRun) return null;
  return (
    <TopToolbar>
      <EditButton />
      {(session.status === 'planned' || session.status === 'cancelled') && (
        <DeleteButton mutationMode="pessimistic" confirmTitle={`Delete “${session.title}”?`} />
      )}
    </TopToolbar>
  );
};

/** What can happen next to the session: start, live mode, results, finish, cancel. */
const NextSteps = ({ session }: { session: TastingSession }) => {
  const { canRun } = useSessionAccess(session);
  const navigate = useNavigate();
  const { status } = session;
  return (
    <Stack direction="row" flexWrap="wrap" gap={1}>
      {canRun && status === 'planned' && (
        <TransitionButton
          session={session}
          transition="start"
          label="Start tasting"
          icon={<PlayArrowIcon />}
          variant="contained"
          disabled={session.items.length === 0}
          onDone={() => navigate(livePath(session.id))}
        />
      )}
      {(status === 'live' || status === 'finished') && (
        <Button
          component={Link}
          to={livePath(session.id)}
          size="large"
          variant={status === 'live' ? 'contained' : 'outlined'}
          startIcon={<LocalBarIcon />}
        >
          {status === 'live' ? 'Live mode' : 'Notes'}
        </Button>
      )}
      {(status === 'live' || status === 'finished') && (
        <Button
          component={Link}
          to={resultsPath(session.id)}
          size="large"
          variant={status === 'finished' ? 'contained' : 'outlined'}
          startIcon={<LeaderboardIcon />}
        >
          Results
        </Button>
      )}
      {canRun && status === 'live' && (
        <TransitionButton
          session={session}
          transition="finish"
          label="Finish"
          icon={<StopIcon />}
          confirm={{ title: 'Finish the tasting?', content: 'Every sample is revealed to everyone.' }}
        />
      )}
      {canRun && (status === 'planned' || status === 'live') && (
        <TransitionButton
          session={session}
          transition="cancel"
          label="Cancel session"
          icon={<CancelIcon />}
          color="error"
          confirm={{
            title: 'Cancel the session?',
            content:
              status === 'live'
                ? 'The poured samples go back into their bottles and the ledger forgets them.'
                : 'Nothing has been poured yet.',
          }}
        />
      )}
    </Stack>
  );
};

const Summary = ({ session, canPlan }: { session: TastingSession; canPlan: boolean }) => (
  <Card>
    <CardContent>
      <Stack direction="row" alignItems="center" gap={1} flexWrap="wrap" sx={{ mb: 1 }}>
        <Typography variant="h5" component="h1" sx={{ mr: 1 }}>
          {session.title}
        </Typography>
        <SessionStatusChip status={session.status} />
        {session.blind && <Chip size="small" icon={<VisibilityOffIcon />} label="Blind" variant="outlined" />}
      </Stack>
      <Typography color="text.secondary">
        {[formatDateTime(session.startsAt), session.place, `hosted by ${session.host.displayName}`]
          .filter(Boolean)
          .join(' · ')}
      </Typography>
      {session.notes && (
        <Typography sx={{ mt: 1, whiteSpace: 'pre-line' }} variant="body2">
          {session.notes}
        </Typography>
      )}
      {canPlan && session.items.length === 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Add at least one sample to start the tasting.
        </Typography>
      )}
      <Box sx={{ mt: 2 }}>
        <NextSteps session={session} />
      </Box>
    </CardContent>
  </Card>
);

const SessionPlan = () => {
  const session = useRecordContext<TastingSession>();
  const { canPlan } = useSessionAccess(session);
  if (!session) return null;
  return (
    <Stack spacing={2} sx={{ mt: 1 }}>
      <Summary session={session} canPlan={canPlan} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <ParticipantsPanel session={session} canPlan={canPlan} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <FlightPanel session={session} canPlan={canPlan} />
        </Grid>
      </Grid>
    </Stack>
  );
};

/**
 * A session's plan page: what, when and where, who takes part (with guest links), the flight
 * builder while it is planned, and the way on: start, live mode, results, finish or cancel.
 */
export const SessionShow = () => (
  <Show title={<SessionTitle />} actions={<SessionShowActions />} component="div">
    <SessionPlan />
  </Show>
);
