import { useState } from 'react';
import {
  Button,
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import UndoIcon from '@mui/icons-material/Undo';
import { Confirm, useCanAccess, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { formatMl } from '../common/format';
import { useSmallScreen } from '../common/useSmallScreen';

type InfinityBottle = Schemas['InfinityBottleDetailDto'];
type Entry = Schemas['InfinityEntryDto'];

const describe = (entry: Entry) =>
  entry.kind === 'addition'
    ? `Added ${entry.whisky?.name ?? 'a whisky'}${entry.abv == null ? '' : ` (${entry.abv} %)`}`
    : 'Poured';
const signedMl = (entry: Entry) => `${entry.kind === 'addition' ? '+' : '−'}${formatMl(entry.ml)}`;

/**
 * Undoes the latest entry: an addition goes back into its bottle, a pour back into the vessel. The
 * API undoes only the latest one, so only that row has the button.
 */
const UndoLatestEntry = ({ vessel, entry }: { vessel: InfinityBottle; entry: Entry }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const undo = async () => {
    setPending(true);
    try {
      await dataProvider.removeInfinityEntry(vessel.id, entry.id);
      notify(entry.kind === 'addition' ? 'Addition undone: it went back into its bottle' : 'Pour undone', {
        type: 'success',
      });
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    } finally {
      setPending(false);
      setOpen(false);
    }
  };
  return (
    <>
      <Button size="small" startIcon={<UndoIcon />} onClick={() => setOpen(true)} sx={{ minHeight: 40 }}>
        Undo
      </Button>
      <Confirm
        isOpen={open}
        loading={pending}
        title={entry.kind === 'addition' ? 'Undo this addition?' : 'Undo this pour?'}
        content={
          entry.kind === 'addition'
            ? `The ${formatMl(entry.ml)} go back into the bottle they came from.`
            : `The ${formatMl(entry.ml)} go back into the infinity bottle.`
        }
        onConfirm={() => void undo()}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

/** Every addition and pour of the infinity bottle, latest first, with undo on the latest. */
export const InfinityHistory = () => {
  const vessel = useRecordContext<InfinityBottle>();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'infinity-bottles' });
  const small = useSmallScreen();
  if (!vessel) return null;
  const entries = [...vessel.history].reverse();
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          History
        </Typography>
        {entries.length === 0 ? (
          <Typography color="text.secondary">Nothing added or poured yet.</Typography>
        ) : (
          <Table size="small" aria-label="History">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>What</TableCell>
                <TableCell align="right">Volume</TableCell>
                {!small && <TableCell>By</TableCell>}
                {!small && <TableCell>Notes</TableCell>}
                {canAccess && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {entries.map((entry, index) => (
                <TableRow key={entry.id}>
                  <TableCell>{new Date(entry.at).toLocaleString()}</TableCell>
                  <TableCell>{describe(entry)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {signedMl(entry)}
                  </TableCell>
                  {!small && <TableCell>{entry.by?.displayName ?? '—'}</TableCell>}
                  {!small && <TableCell>{entry.notes}</TableCell>}
                  {canAccess && (
                    <TableCell align="right">
                      {index === 0 && <UndoLatestEntry vessel={vessel} entry={entry} />}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
};
