import { useState } from 'react';
import { Button } from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useDataProvider, useNotify, useRecordContext, useRedirect } from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../../dataProvider';

/** Starts a backup of the policy now and opens the new run, where its progress shows. */
export const RunNowButton = () => {
  const policy = useRecordContext<Schemas['BackupPolicyDto']>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const [busy, setBusy] = useState(false);
  if (!policy) return null;
  const run = async () => {
    setBusy(true);
    try {
      const { runId } = await dataProvider.runBackupNow(policy.id);
      notify('Backup started', { type: 'info' });
      redirect('show', 'backup-runs', runId);
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="outlined"
      size="small"
      startIcon={<PlayArrowIcon />}
      disabled={busy}
      onClick={(event) => {
        // In a list row, the click must not also open the policy.
        event.stopPropagation();
        void run();
      }}
    >
      Run now
    </Button>
  );
};
