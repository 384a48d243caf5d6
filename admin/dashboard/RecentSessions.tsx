import { Alert, Button, Chip, List, ListItemButton, ListItemText, Skeleton } from '@mui/material';
import { Link, useCreatePath, useGetList, usePermissions } from 'react-admin';
import type { Permissions } from '../authProvider';
import type { Schemas } from '../dataProvider';
import { DashboardCard } from './DashboardCard';
import { formatDateTime, useUserLocale } from './format';

const SHOWN = 5;
const STATUSES = {
  planned: { label: 'Planned', color: 'default' },
  live: { label: 'Live', color: 'success' },
  finished: { label: 'Finished', color: 'primary' },
  cancelled: { label: 'Cancelled', color: 'default' },
} as const;

/** The latest tasting sessions, newest first, each linking to its session. */
export const RecentSessions = () => {
  const createPath = useCreatePath();
  const locale = useUserLocale();
  const { permissions } = usePermissions<Permissions>();
  const { data, total, isPending, error } = useGetList<Schemas['TastingSessionDto']>('sessions', {
    sort: { field: 'startsAt', order: 'DESC' },
    pagination: { page: 1, perPage: SHOWN },
  });
  const more = (total ?? 0) > SHOWN && (
    <Link to={createPath({ resource: 'sessions', type: 'list' })}>All {total}</Link>
  );
  return (
    <DashboardCard title="Tasting sessions" subtitle="The latest" action={more}>
      {isPending ? (
        <Skeleton variant="rounded" height={96} />
      ) : error ? (
        <Alert severity="error">{error.message}</Alert>
      ) : data.length === 0 ? (
        <Alert
          severity="info"
          variant="outlined"
          action={
            permissions?.canWrite && (
              <Button component={Link} to={createPath({ resource: 'sessions', type: 'create' })}>
                Plan one
              </Button>
            )
          }
        >
          No tasting sessions yet.
        </Alert>
      ) : (
        <List disablePadding>
          {data.map((session) => (
            <ListItemButton
              key={session.id}
              component={Link}
              to={createPath({ resource: 'sessions', id: session.id, type: 'show' })}
              divider
              sx={{ px: 1, gap: 1 }}
            >
              <ListItemText
                primary={session.title}
                secondary={`${formatDateTime(session.startsAt, locale)}${session.place ? ` · ${session.place}` : ''}`}
              />
              <Chip
                size="small"
                label={STATUSES[session.status].label}
                color={STATUSES[session.status].color}
                variant="outlined"
              />
            </ListItemButton>
          ))}
        </List>
      )}
    </DashboardCard>
  );
};
