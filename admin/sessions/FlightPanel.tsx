import { useState } from 'react';
import {
  Avatar,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  IconButton,
  List,
  ListItem,
  ListItemAvatar,
  ListItemText,
  Stack,
  Tooltip,
  Typography,
} from '@mui/material';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import DeleteIcon from '@mui/icons-material/Delete';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import { useMutation } from '@tanstack/react-query';
import {
  AutocompleteInput,
  Form,
  NumberInput,
  ReferenceInput,
  SaveButton,
  maxValue,
  minValue,
  required,
  useDataProvider,
  useRefresh,
} from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { MeasureDialog } from './MeasureDialog';
import type { TastingSession } from './sessionFormat';
import { useNotifyError } from './useNotifyError';

type FlightItem = TastingSession['items'][number];

const bottleText = (bottle: Schemas['BottleDto']) =>
  `${bottle.whisky.name} · ${bottle.currentVolumeMl} ml left${bottle.location ? ` · ${bottle.location.name}` : ''}`;

/** What the viewer may know of a sample: its whisky, unless it is hidden from them. */
const identity = (item: FlightItem) =>
  item.whisky ? `${item.whisky.name} · ${item.whisky.abv}%` : 'Hidden until revealed';

/** A new sample's values (also keeps the session shown around the form out of it). */
const NEW_SAMPLE = { mlPerParticipant: 20 };

/** Adds a sample poured from a bottle of the collection, last in the flight. */
const SampleAdder = ({ session }: { session: TastingSession }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const notifyError = useNotifyError();
  const [round, setRound] = useState(0);
  const add = async (values: Record<string, unknown>) => {
    const { bottleId, mlPerParticipant } = values as Schemas['AddFlightItemDto'];
    try {
      await dataProvider.addFlightItem(session.id, { bottleId, mlPerParticipant });
      setRound((count) => count + 1);
      refresh();
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Form key={round} record={NEW_SAMPLE} onSubmit={add}>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={{ xs: 0, sm: 1 }}
        alignItems={{ sm: 'flex-start' }}
      >
        <ReferenceInput source="bottleId" reference="bottles">
          <AutocompleteInput
            label="Bottle"
            optionText={bottleText}
            validate={required()}
            sx={{ flexGrow: 1 }}
          />
        </ReferenceInput>
        <NumberInput
          source="mlPerParticipant"
          label="ml each"
          validate={[required(), minValue(1), maxValue(100)]}
          sx={{ width: { sm: 130 }, flexShrink: 0 }}
        />
        <SaveButton
          label="Add sample"
          icon={<AddIcon />}
          variant="outlined"
          sx={{ mt: { sm: 1 }, minHeight: 48 }}
        />
      </Stack>
    </Form>
  );
};

/**
 * The flight: samples in the order they are tasted. While the session is planned, whoever runs it
 * adds samples from the collection's bottles, moves them up and down and removes them.
 */
export const FlightPanel = ({ session, canPlan }: { session: TastingSession; canPlan: boolean }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const notifyError = useNotifyError();
  const [measuring, setMeasuring] = useState<FlightItem | null>(null);
  const change = useMutation({
    mutationFn: ({ item, body }: { item: FlightItem; body: Schemas['UpdateFlightItemDto'] }) =>
      dataProvider.updateFlightItem(session.id, item.id, body),
    onSuccess: () => {
      setMeasuring(null);
      refresh();
    },
    onError: notifyError,
  });
  const remove = useMutation({
    mutationFn: (item: FlightItem) => dataProvider.removeFlightItem(session.id, item.id),
    onSuccess: () => refresh(),
    onError: notifyError,
  });
  const busy = change.isPending || remove.isPending;
  const last = session.items.length;

  return (
    <Card>
      <CardHeader
        title="Flight"
        subheader={`${last} sample${last === 1 ? '' : 's'}${session.blind ? ' · blind' : ''}`}
      />
      <CardContent sx={{ pt: 0 }}>
        {last === 0 && (
          <Typography variant="body2" color="text.secondary">
            {canPlan
              ? 'No samples yet: add the bottles to pour, in the order you want to taste them.'
              : 'No samples yet.'}
          </Typography>
        )}
        <List dense disablePadding>
          {session.items.map((item) => (
            <ListItem
              key={item.id}
              disableGutters
              sx={{ pr: canPlan ? 18 : 0 }}
              secondaryAction={
                canPlan && (
                  <Box>
                    <Tooltip title="Earlier">
                      <span>
                        <IconButton
                          size="large"
                          aria-label={`Move ${item.label} up`}
                          disabled={busy || item.position === 1}
                          onClick={() => change.mutate({ item, body: { position: item.position - 1 } })}
                        >
                          <ArrowUpwardIcon />
                        </IconButton>
                      </span>
                    </Tooltip>
                    <Tooltip title="Later">
                      <span>
                        <IconButton
                          size="large"
                          aria-label={`Move ${item.label} down`}
                          disabled={busy || item.position === last}
                          onClick={() => change.mutate({ item, body: { position: item.position + 1 } })}
                        >
                          <ArrowDownwardIcon />
                        </IconButton>
                      </span>
                    </Tooltip>
                    <Tooltip title="Remove">
                      <IconButton
                        size="large"
                        aria-label={`Remove ${item.label}`}
                        disabled={busy}
                        onClick={() => remove.mutate(item)}
                      >
                        <DeleteIcon />
                      </IconButton>
                    </Tooltip>
                  </Box>
                )
              }
            >
              <ListItemAvatar>
                <Avatar sx={{ bgcolor: 'secondary.main' }}>{item.position}</Avatar>
              </ListItemAvatar>
              <ListItemText
                primary={`${item.label}: ${identity(item)}`}
                secondary={
                  canPlan ? (
                    <Button
                      size="small"
                      endIcon={<EditIcon fontSize="small" />}
                      onClick={() => setMeasuring(item)}
                      aria-label={`Measure of ${item.label}: ${item.mlPerParticipant} ml each`}
                      sx={{ ml: -0.5, px: 0.5, textTransform: 'none' }}
                    >
                      {item.mlPerParticipant} ml each
                    </Button>
                  ) : (
                    `${item.mlPerParticipant} ml each${item.revealedAt && session.blind ? ' · revealed' : ''}`
                  )
                }
              />
            </ListItem>
          ))}
        </List>
        {canPlan && (
          <Box sx={{ mt: 2 }}>
            <SampleAdder session={session} />
          </Box>
        )}
        {measuring && (
          <MeasureDialog
            item={measuring}
            pending={change.isPending}
            onSave={(mlPerParticipant) => change.mutate({ item: measuring, body: { mlPerParticipant } })}
            onClose={() => setMeasuring(null)}
          />
        )}
      </CardContent>
    </Card>
  );
};
