import type { ComponentType } from 'react';
import { Alert, Box } from '@mui/material';
import { Loading, usePermissions } from 'react-admin';
import type { Permissions } from '../authProvider';

/**
 * The screen for instance admins only: anyone else gets a plain explanation and no request is sent
 * (the API would answer 403, which would show as an error).
 */
export function instanceAdminOnly<P extends object>(Screen: ComponentType<P>): ComponentType<P> {
  const Guarded = (props: P) => {
    const { permissions, isPending } = usePermissions<Permissions>();
    if (isPending) return <Loading />;
    if (!permissions?.instanceAdmin)
      return (
        <Box sx={{ mt: 2 }}>
          <Alert severity="info">Backups are managed by the administrators of this installation.</Alert>
        </Box>
      );
    return <Screen {...props} />;
  };
  Guarded.displayName = `InstanceAdminOnly(${Screen.displayName ?? Screen.name})`;
  return Guarded;
}
