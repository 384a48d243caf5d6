import { useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  TextField,
  Typography,
} from '@mui/material';
import { Link } from 'react-router-dom';
import { useDataProvider, useGetOne } from 'react-admin';
import type { ConsoleDataProvider } from '../../dataProvider';
import type { BackupRun } from './RunStatus';

type Phase = 'confirm' | 'sending' | 'waiting';

/**
 * Restores a backup after the admin typed its id: explains what happens, queues the restore, then
 * follows the run's `restore` state until it succeeded (naming the safety backup) or failed.
 */
export const RestoreDialog = ({
  run,
  open,
  onClose,
}: {
  run: BackupRun;
  open: boolean;
  onClose: () => void;
}) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const [typed, setTyped] = useState('');
  const [phase, setPhase] = useState<Phase>('confirm');
  const [error, setError] = useState<string | null>(null);
  // The restore this one replaces: a state with another start time is the new one's.
  const [previousStart, setPreviousStart] = useState<string | null>(null);
  const { data: current } = useGetOne<BackupRun>(
    'backup-runs',
    { id: run.id },
    { enabled: phase === 'waiting', refetchInterval: (query) => (finished(query.state.data) ? false : 1000) },
  );
  function finished(latest: BackupRun | undefined): boolean {
    const restore = latest?.restore;
    return Boolean(restore && restore.startedAt !== previousStart && restore.status !== 'running');
  }
  const restore =
    phase === 'waiting' && current?.restore?.startedAt !== previousStart ? current?.restore : null;
  const done = phase === 'waiting' && finished(current);

  const start = async () => {
    setPhase('sending');
    setError(null);
    setPreviousStart(run.restore?.startedAt ?? null);
    try {
      await dataProvider.restoreBackup(run.id, typed.trim());
      setPhase('waiting');
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setPhase('confirm');
    }
  };
  const close = () => {
    if (phase === 'waiting' && !done) return;
    setTyped('');
    setPhase('confirm');
    onClose();
  };

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm" aria-labelledby="restore-title">
      <DialogTitle id="restore-title">Restore this backup</DialogTitle>
      <DialogContent>
        {phase !== 'waiting' ? (
          <>
            <Typography gutterBottom>
              The database is replaced by its state in this backup, taken{' '}
              {new Date(run.createdAt).toLocaleString()}. Everything changed since then is lost. What happens:
            </Typography>
            <Typography component="ol" sx={{ pl: 3, mt: 0 }}>
              <li>A safety backup of the current database is taken first, so you can go back.</li>
              <li>Changes are paused while the restore runs: people can read, but not save.</li>
              <li>
                The backed-up database is restored in one transaction: if anything fails, nothing changes.
              </li>
              <li>Photos that are missing here are copied back from the backup.</li>
            </Typography>
            <TextField
              label="Type the backup id to confirm"
              helperText={run.id}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              fullWidth
              autoComplete="off"
              slotProps={{ htmlInput: { spellCheck: false } }}
              sx={{ mt: 2 }}
            />
            {error && (
              <Alert severity="error" sx={{ mt: 2 }}>
                {error}
              </Alert>
            )}
          </>
        ) : !done ? (
          <>
            <Typography gutterBottom>
              {restore ? 'Restoring… changes are paused until it ends.' : 'Waiting for the worker to start…'}
            </Typography>
            <LinearProgress aria-label="Restore progress" />
          </>
        ) : restore?.status === 'succeeded' ? (
          <Alert severity="success">
            Restore finished: the database is back to this backup
            {restore.photosCopied ? `, and ${restore.photosCopied} photos were copied back` : ''}.
            {restore.safetyRunId && (
              <>
                {' '}
                The database as it was just before is kept in the safety backup{' '}
                <Link to={`/backup-runs/${restore.safetyRunId}/show`} onClick={close}>
                  {restore.safetyRunId}
                </Link>
                .
              </>
            )}
          </Alert>
        ) : (
          <Alert severity="error">
            The restore failed and the database was left as it was. {restore?.error ?? ''}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        {phase !== 'waiting' && (
          <>
            <Button onClick={close}>Cancel</Button>
            <Button
              color="error"
              variant="contained"
              disabled={typed.trim() !== run.id || phase === 'sending'}
              onClick={() => void start()}
            >
              Restore
            </Button>
          </>
        )}
        {phase === 'waiting' && (
          <Button onClick={close} disabled={!done}>
            Close
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};
