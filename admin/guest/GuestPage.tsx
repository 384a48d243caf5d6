import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Stack,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { useDataProvider, useStore } from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { NoteSummary } from '../sessions/NoteSummary';
import { SampleCard } from '../sessions/SampleCard';
import { SampleNoteForm, type NoteValues } from '../sessions/SampleNoteForm';
import { SampleStepper } from '../sessions/SampleStepper';
import { formatDateTime } from '../sessions/sessionFormat';
import { SCALES, type RatingScale } from '../tasting-notes/scales';
import { PublicPage } from './PublicPage';

type FlightItem = Schemas['FlightItemDto'];

/** How often the page looks whether the host has started the tasting. */
const WAITING_REFRESH_MS = 10_000;

/** The scale a guest scores in (kept in this browser). */
const ScalePicker = ({ value, onChange }: { value: RatingScale; onChange: (scale: RatingScale) => void }) => (
  <Box>
    <Typography variant="subtitle2" id="guest-scale" gutterBottom>
      Score in
    </Typography>
    <ToggleButtonGroup
      exclusive
      value={value}
      onChange={(_event, scale: RatingScale | null) => scale && onChange(scale)}
      aria-labelledby="guest-scale"
      size="large"
    >
      {(Object.keys(SCALES) as RatingScale[]).map((scale) => (
        <ToggleButton key={scale} value={scale} sx={{ minHeight: 48, textTransform: 'none' }}>
          {SCALES[scale].name}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  </Box>
);

/**
 * The page a guest's personal link opens (no account): the session and its samples (blind ones by
 * label only), and a note per sample while the tasting is live. Waits, reloading itself, until the
 * host starts; afterwards shows what the guest wrote.
 */
export const GuestPage = () => {
  const { token = '' } = useParams<'token'>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const queryClient = useQueryClient();
  const [scale, setScale] = useStore<RatingScale>('guest.ratingScale', 'points100');
  const {
    data: session,
    error,
    refetch,
    isFetching,
  } = useQuery({
    queryKey: ['guest', token, scale],
    queryFn: () => dataProvider.guestSession(token, scale),
    refetchInterval: (query) => (query.state.data?.status === 'planned' ? WAITING_REFRESH_MS : false),
    retry: false,
  });

  if (error) {
    return (
      <PublicPage>
        <Alert severity="error">{error.message}</Alert>
      </PublicPage>
    );
  }
  if (!session) {
    return (
      <PublicPage>
        <CircularProgress aria-label="Loading" />
      </PublicPage>
    );
  }
  const noteOf = (item: FlightItem) => session.notes.find((note) => note.sample?.flightItemId === item.id);
  const save = async (item: FlightItem, values: NoteValues) => {
    await dataProvider.saveGuestNote(token, item.id, { ...values, scale, version: noteOf(item)?.version });
    await queryClient.invalidateQueries({ queryKey: ['guest', token] });
  };

  return (
    <PublicPage>
      <Stack spacing={2}>
        <Box>
          <Typography variant="h5" component="h1">
            {session.title}
          </Typography>
          <Typography color="text.secondary">
            {[formatDateTime(session.startsAt), session.place].filter(Boolean).join(' · ')}
          </Typography>
          <Typography sx={{ mt: 1 }}>
            Welcome, {session.guest.displayName}!
            {session.blind &&
              ' This is a blind tasting: samples go by their label until the host reveals them.'}
          </Typography>
        </Box>
        {session.status === 'planned' && (
          <Alert
            severity="info"
            action={
              <Button
                color="inherit"
                startIcon={<RefreshIcon />}
                disabled={isFetching}
                onClick={() => void refetch()}
              >
                Check
              </Button>
            }
          >
            The tasting has not started yet. Your notes open here as soon as the host starts it.
          </Alert>
        )}
        {session.status === 'cancelled' && <Alert severity="warning">The host cancelled this tasting.</Alert>}
        {session.status === 'live' && (
          <>
            <ScalePicker value={scale} onChange={setScale} />
            <SampleStepper
              samples={session.items}
              isNoted={(item) => !!noteOf(item)}
              renderSample={(item) => (
                <SampleCard item={item} blind={session.blind}>
                  <SampleNoteForm
                    note={noteOf(item)}
                    scale={scale}
                    withFlavourTags={false}
                    withGuess={item.identityHidden}
                    onSave={(values) => save(item, values)}
                  />
                </SampleCard>
              )}
            />
          </>
        )}
        {session.status === 'finished' && (
          <>
            <Alert severity="success">The tasting is over: thank you for your notes!</Alert>
            {session.items.map((item) => (
              <SampleCard key={item.id} item={item} blind={session.blind}>
                <NoteSummary note={noteOf(item)} />
              </SampleCard>
            ))}
          </>
        )}
      </Stack>
    </PublicPage>
  );
};
