import { Button, Stack, Typography } from '@mui/material';
import { Link, useCreatePath, usePermissions } from 'react-admin';
import LiquorIcon from '@mui/icons-material/Liquor';
import type { Permissions } from '../authProvider';
import { DashboardCard } from './DashboardCard';

/** What a new, empty collection shows instead of numbers and charts: where to start. */
export const Welcome = () => {
  const createPath = useCreatePath();
  const { permissions } = usePermissions<Permissions>();
  return (
    <DashboardCard title="Your collection is empty" wide>
      {permissions?.canWrite ? (
        <>
          <Typography sx={{ mb: 2 }}>
            Start with your first whisky, then add the bottles you own of it. Once there are bottles, this
            page shows what is open, what is running low and what your collection is worth.
          </Typography>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            <Button
              variant="contained"
              component={Link}
              to={createPath({ resource: 'whiskies', type: 'create' })}
              startIcon={<LiquorIcon />}
            >
              Add your first whisky
            </Button>
            <Button component={Link} to="/import-export">
              Or import a collection file
            </Button>
          </Stack>
        </>
      ) : (
        <Typography>
          No bottles yet. Once someone in your household adds a whisky and its bottles, they show up here.
        </Typography>
      )}
    </DashboardCard>
  );
};
