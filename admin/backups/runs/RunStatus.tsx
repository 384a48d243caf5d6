import { Box, Chip, LinearProgress, Tooltip, Typography } from '@mui/material';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import type { Schemas } from '../../dataProvider';
import { formatBytes } from '../../common/format';

/** A backup run as the API returns it. */
export type BackupRun = Schemas['BackupRunDto'];
type Status = BackupRun['status'];

const STATUS: Record<Status, { label: string; color: 'default' | 'info' | 'success' | 'error' }> = {
  queued: { label: 'Queued', color: 'default' },
  running: { label: 'Running', color: 'info' },
  succeeded: { label: 'Succeeded', color: 'success' },
  failed: { label: 'Failed', color: 'error' },
  verified: { label: 'Verified', color: 'success' },
};

/** Whether the run is still going, so its page keeps refreshing. */
export const isActive = (run: BackupRun | undefined): boolean =>
  run?.status === 'queued' || run?.status === 'running';

/**
 * Whether the run's page should keep refreshing: it is going, or it has just succeeded and its quick
 * check (which makes it "verified") is still to come.
 */
export const isSettling = (run: BackupRun | undefined): boolean =>
  isActive(run) || (run?.status === 'succeeded' && run.verifications.length === 0);

/** The run's status as a coloured chip; "Verified" is filled, the others outlined. */
export const RunStatusChip = ({ status }: { status: Status }) => (
  <Chip
    size="small"
    label={STATUS[status].label}
    color={STATUS[status].color}
    variant={status === 'verified' ? 'filled' : 'outlined'}
  />
);

/** Who started the run, in words. */
export const TRIGGER_LABELS: Record<BackupRun['trigger'], string> = {
  schedule: 'Scheduled',
  manual: 'Run now',
  safety: 'Safety (before a restore)',
};

/** Bytes done out of the estimate, as a bar; indeterminate until the estimate is known. */
export const RunProgress = ({ run }: { run: BackupRun }) => {
  const estimate = run.bytesEstimated ?? 0;
  const percent = estimate > 0 ? Math.min(100, (run.bytesDone / estimate) * 100) : undefined;
  return (
    <Box sx={{ minWidth: 140 }}>
      <LinearProgress
        aria-label="Backup progress"
        variant={percent === undefined ? 'indeterminate' : 'determinate'}
        value={percent}
      />
      <Typography variant="caption" color="text.secondary">
        {run.status === 'queued'
          ? 'Waiting for the worker…'
          : `${formatBytes(run.bytesDone)}${estimate > 0 ? ` of about ${formatBytes(estimate)}` : ''}`}
      </Typography>
    </Box>
  );
};

/** The stored size, flagged when it differs a lot from the policy's usual size. */
export const RunSize = ({ run }: { run: BackupRun }) => (
  <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
    {formatBytes(run.sizeBytes)}
    {run.sizeAnomaly && (
      <Tooltip title="Size differs by more than 50 % from the usual size of this policy's backups">
        <WarningAmberIcon color="warning" fontSize="small" aria-label="Unusual size" />
      </Tooltip>
    )}
  </Box>
);
