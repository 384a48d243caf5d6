import { lazy, Suspense } from 'react';
import { Alert, Box, Skeleton } from '@mui/material';
import { Title, useDataProvider, usePermissions } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { Permissions } from '../authProvider';
import type { ConsoleDataProvider } from '../dataProvider';
import { CollectionSummary } from './CollectionSummary';
import { RecentSessions } from './RecentSessions';
import { RunningLow } from './RunningLow';
import { ToolLinks } from './ToolLinks';
import { Welcome } from './Welcome';

/** recharts is large: it loads with the charts, after the rest of the dashboard. */
const CollectionCharts = lazy(() => import('./CollectionCharts'));

/** Backup health is for instance admins only: its code loads only for them. */
const BackupHealthCard = lazy(() => import('./BackupHealthCard'));

const ChartsLoading = () => (
  <Skeleton variant="rounded" height={280} sx={{ gridColumn: '1 / -1' }} aria-label="Loading charts" />
);

/**
 * The console's home: the collection in numbers and charts, open bottles running low, the latest
 * tasting sessions, backup health (instance admins) and links to the API docs, the job board and Grafana. One column on a phone.
 */
export const Dashboard = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { permissions } = usePermissions<Permissions>();
  const { data: stats, error } = useQuery({
    queryKey: ['dashboard', 'collectionStats'],
    queryFn: () => dataProvider.collectionStats(),
  });
  const empty = stats && Object.values(stats.bottlesByStatus).every((count) => count === 0);
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: {
          xs: 'minmax(0, 1fr)',
          md: 'repeat(2, minmax(0, 1fr))',
          xl: 'repeat(3, minmax(0, 1fr))',
        },
        gap: 2,
        my: 2,
        alignItems: 'start',
      }}
    >
      <Title title="Dashboard" />
      {error && (
        <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>
          {error.message}
        </Alert>
      )}
      {!stats && !error && <Skeleton variant="rounded" height={120} sx={{ gridColumn: '1 / -1' }} />}
      {empty && <Welcome />}
      {stats && !empty && <CollectionSummary stats={stats} />}
      {stats && !empty && <RunningLow />}
      {permissions?.instanceAdmin && (
        <Suspense fallback={<Skeleton variant="rounded" height={120} />}>
          <BackupHealthCard />
        </Suspense>
      )}
      <RecentSessions />
      {stats && !empty && (
        <Suspense fallback={<ChartsLoading />}>
          <CollectionCharts stats={stats} />
        </Suspense>
      )}
      <ToolLinks />
    </Box>
  );
};
