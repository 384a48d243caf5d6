import { Alert, LinearProgress, List, ListItemButton, ListItemText, Skeleton } from '@mui/material';
import { Link, useCreatePath, useGetList } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { DashboardCard } from './DashboardCard';

/** Open bottles below this fill (percent) are running low. */
const LOW_FILL = 20;
const SHOWN = 5;
const FILTER = { status: 'open', fillBelow: LOW_FILL };

/** Open bottles that are nearly empty, emptiest first, each linking to its bottle. */
export const RunningLow = () => {
  const createPath = useCreatePath();
  const { data, total, isPending, error } = useGetList<Schemas['BottleDto']>('bottles', {
    filter: FILTER,
    sort: { field: 'currentVolumeMl', order: 'ASC' },
    pagination: { page: 1, perPage: SHOWN },
  });
  const more = (total ?? 0) > SHOWN && (
    <Link
      to={`${createPath({ resource: 'bottles', type: 'list' })}?filter=${encodeURIComponent(JSON.stringify(FILTER))}`}
    >
      All {total}
    </Link>
  );
  return (
    <DashboardCard title="Running low" subtitle={`Open bottles below ${LOW_FILL} %`} action={more}>
      {isPending ? (
        <Skeleton variant="rounded" height={96} />
      ) : error ? (
        <Alert severity="error">{error.message}</Alert>
      ) : data.length === 0 ? (
        <Alert severity="success" variant="outlined">
          No open bottle is below {LOW_FILL} %.
        </Alert>
      ) : (
        <List disablePadding>
          {data.map((bottle) => (
            <ListItemButton
              key={bottle.id}
              component={Link}
              to={createPath({ resource: 'bottles', id: bottle.id, type: 'show' })}
              divider
              sx={{ flexDirection: 'column', alignItems: 'stretch', px: 1 }}
            >
              <ListItemText
                primary={bottle.whisky.name}
                secondary={`${bottle.fillPercent} % left · ${bottle.currentVolumeMl} of ${bottle.sizeMl} ml`}
              />
              <LinearProgress
                variant="determinate"
                value={bottle.fillPercent}
                color="warning"
                aria-label={`${bottle.whisky.name}: ${bottle.fillPercent} % left`}
                sx={{ mb: 1, height: 6, borderRadius: 3 }}
              />
            </ListItemButton>
          ))}
        </List>
      )}
    </DashboardCard>
  );
};
