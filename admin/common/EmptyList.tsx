import type { ReactElement } from 'react';
import { Box, Typography } from '@mui/material';
import { CreateButton, useCanAccess, useResourceContext } from 'react-admin';

/**
 * What a list shows before anything is in it: what the resource is for, and the create button for
 * users who may create (read-only users get the explanation only).
 */
export const EmptyList = ({ icon, title, hint }: { icon: ReactElement; title: string; hint: string }) => {
  const resource = useResourceContext();
  const { canAccess } = useCanAccess({ action: 'create', resource });
  return (
    <Box sx={{ textAlign: 'center', mt: 6, px: 2, color: 'text.secondary', '& > svg': { fontSize: 96 } }}>
      {icon}
      <Typography variant="h5" component="p" gutterBottom>
        {title}
      </Typography>
      <Typography sx={{ maxWidth: 480, mx: 'auto', mb: 2 }}>{hint}</Typography>
      {canAccess && <CreateButton variant="contained" />}
    </Box>
  );
};
