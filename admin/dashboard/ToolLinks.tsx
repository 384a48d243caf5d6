import { List, ListItemButton, ListItemIcon, ListItemText, Skeleton } from '@mui/material';
import { useAuthProvider, useDataProvider, usePermissions } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import ApiIcon from '@mui/icons-material/Api';
import QueueIcon from '@mui/icons-material/Queue';
import InsightsIcon from '@mui/icons-material/Insights';
import type { ConsoleAuthProvider, Permissions } from '../authProvider';
import type { ConsoleDataProvider } from '../dataProvider';
import { DashboardCard } from './DashboardCard';

/**
 * Links out of the console: the API's Swagger UI, the job board (instance admins, with the number of
 * failed jobs) and Grafana when set up.
 */
export const ToolLinks = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const authProvider = useAuthProvider<ConsoleAuthProvider>();
  const { permissions } = usePermissions<Permissions>();
  const { data: links, isPending } = useQuery({
    queryKey: ['console', 'links'],
    queryFn: () => dataProvider.consoleLinks(),
  });
  return (
    <DashboardCard title="Tools">
      {isPending ? (
        <Skeleton variant="rounded" height={96} />
      ) : (
        <List disablePadding>
          <ListItemButton component="a" href={links?.apiDocs ?? '/api/docs'} target="_blank" rel="noopener">
            <ListItemIcon>
              <ApiIcon />
            </ListItemIcon>
            <ListItemText primary="API documentation" secondary="Swagger UI" />
          </ListItemButton>
          {permissions?.instanceAdmin && authProvider && (
            <ListItemButton onClick={() => void authProvider.openJobBoard()}>
              <ListItemIcon>
                <QueueIcon />
              </ListItemIcon>
              <ListItemText
                primary="Job board"
                secondary={
                  links?.failedJobs
                    ? `Background jobs and queues · ${links.failedJobs} failed`
                    : 'Background jobs and queues'
                }
                slotProps={{ secondary: { color: links?.failedJobs ? 'error' : undefined } }}
              />
            </ListItemButton>
          )}
          {links?.grafana && (
            <ListItemButton component="a" href={links.grafana} target="_blank" rel="noopener noreferrer">
              <ListItemIcon>
                <InsightsIcon />
              </ListItemIcon>
              <ListItemText primary="Grafana" secondary="Metrics and dashboards" />
            </ListItemButton>
          )}
        </List>
      )}
    </DashboardCard>
  );
};
