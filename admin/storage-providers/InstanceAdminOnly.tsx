import type { ReactNode } from 'react';
import { Alert, Box } from '@mui/material';
import { Loading, usePermissions } from 'react-admin';
import type { Permissions } from '../authProvider';

/**
 * Renders its children for instance admins only. Anyone else gets a plain explanation and no request
 * is sent (the API would refuse it with 403 anyway).
 */
export const InstanceAdminOnly = ({ children }: { children: ReactNode }) => {
  const { permissions, isPending } = usePermissions<Permissions>();
  if (isPending) return <Loading />;
  if (!permissions?.instanceAdmin)
    return (
      <Box sx={{ mt: 2 }}>
        <Alert severity="info">
          Storage providers are managed by the administrators of this installation.
        </Alert>
      </Box>
    );
  return <>{children}</>;
};
