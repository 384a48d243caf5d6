import type { ComponentType, ReactNode } from 'react';
import { Alert, Box } from '@mui/material';
import { Loading, usePermissions } from 'react-admin';
import type { Permissions } from '../authProvider';

/**
 * Renders its children for instance admins only (storage, backups). Anyone else gets a plain
 * explanation and no request is sent (the API would refuse it with 403, shown as an error).
 */
export const InstanceAdminOnly = ({ area, children }: { area: string; children: ReactNode }) => {
  const { permissions, isPending } = usePermissions<Permissions>();
  if (isPending) return <Loading />;
  if (!permissions?.instanceAdmin)
    return (
      <Box sx={{ mt: 2 }}>
        <Alert severity="info">{area} are managed by the administrators of this installation.</Alert>
      </Box>
    );
  return <>{children}</>;
};

/** `Screen` behind {@link InstanceAdminOnly}, for resource and route components. */
export function instanceAdminOnly<P extends object>(
  Screen: ComponentType<P>,
  area: string,
): ComponentType<P> {
  const Guarded = (props: P) => (
    <InstanceAdminOnly area={area}>
      <Screen {...props} />
    </InstanceAdminOnly>
  );
  Guarded.displayName = `InstanceAdminOnly(${Screen.displayName ?? Screen.name})`;
  return Guarded;
}
