import {
  Alert,
  Box,
  Link as MuiLink,
  List,
  ListItem,
  ListItemText,
  Skeleton,
  Typography,
} from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import WarningIcon from '@mui/icons-material/Warning';
import { Link } from 'react-router-dom';
import { useDataProvider } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { ConsoleDataProvider } from '../dataProvider';
import { formatAge, formatWhen } from '../backups/format';
import { formatBytes } from '../common/format';
import { DashboardCard } from './DashboardCard';

/** A backup younger than this is fresh (a daily schedule plus slack); older than the second, stale. */
const GREEN_HOURS = 26;
const AMBER_HOURS = 72;

type Health = 'success' | 'warning' | 'error';

/** The health of the newest verified backup by its age: green < 26 h, amber < 72 h, else red. */
export function backupHealth(ageHours: number | null): Health {
  if (ageHours === null) return 'error';
  if (ageHours < GREEN_HOURS) return 'success';
  if (ageHours < AMBER_HOURS) return 'warning';
  return 'error';
}

const ICONS = { success: CheckCircleIcon, warning: WarningIcon, error: ErrorIcon };

/**
 * Backups at a glance (instance admins): how old the newest verified backup is, the last failure
 * with its reason, and the storage used on each target.
 */
export const BackupHealthCard = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { data, error } = useQuery({
    queryKey: ['dashboard', 'backupHealth'],
    queryFn: () => dataProvider.backupHealth(),
  });
  const ageHours = data?.newestVerified
    ? (Date.now() - new Date(data.newestVerified.finishedAt).getTime()) / 3_600_000
    : null;
  const health = backupHealth(ageHours);
  const Icon = ICONS[health];
  return (
    <DashboardCard
      title="Backups"
      action={
        <MuiLink component={Link} to="/backup-runs" variant="body2">
          See all
        </MuiLink>
      }
    >
      {error && <Alert severity="error">{error.message}</Alert>}
      {!data && !error && <Skeleton variant="rounded" height={96} />}
      {data && (
        <>
          <Box
            sx={{ display: 'flex', alignItems: 'center', gap: 1 }}
            data-health={health}
            aria-label="Backup health"
          >
            <Icon color={health} />
            <Typography>
              {data.newestVerified && ageHours !== null
                ? `Newest verified backup: ${formatAge(ageHours)} (${data.newestVerified.policyName})`
                : 'No verified backup yet'}
            </Typography>
          </Box>
          {data.lastFailure && (
            <Alert severity={health === 'success' ? 'info' : 'error'} sx={{ mt: 1 }}>
              Last failure {formatWhen(data.lastFailure.finishedAt)} ({data.lastFailure.policyName}):{' '}
              {data.lastFailure.error ?? 'no reason recorded'}.{' '}
              <MuiLink component={Link} to={`/backup-runs/${data.lastFailure.runId}/show`}>
                Open the run
              </MuiLink>
            </Alert>
          )}
          {data.targets.length > 0 && (
            <>
              <Typography variant="subtitle2" sx={{ mt: 2 }}>
                Storage used
              </Typography>
              <List dense disablePadding aria-label="Storage used per target">
                {data.targets.map((target) => (
                  <ListItem key={target.providerId} disableGutters>
                    <ListItemText primary={target.providerName} secondary={formatBytes(target.bytes)} />
                  </ListItem>
                ))}
              </List>
            </>
          )}
        </>
      )}
    </DashboardCard>
  );
};

export default BackupHealthCard;
