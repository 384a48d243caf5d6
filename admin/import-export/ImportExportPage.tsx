import { Alert, Box } from '@mui/material';
import { Title, usePermissions } from 'react-admin';
import type { Permissions } from '../authProvider';
import { ExportCard } from './ExportCard';
import { ImportCard } from './ImportCard';

/**
 * Import / export (/import-export): download the collection as a file, and import one after a dry
 * run. Read-only accounts may export but not import.
 */
export const ImportExportPage = () => {
  const { permissions } = usePermissions<Permissions>();
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 2fr) minmax(0, 3fr)' },
        gap: 2,
        my: 2,
        alignItems: 'start',
      }}
    >
      <Title title="Import / export" />
      <ExportCard />
      {permissions?.canWrite && <ImportCard />}
      {permissions && !permissions.canWrite && (
        <Alert severity="info">
          Your account is read-only: you can export the collection but not import into it.
        </Alert>
      )}
    </Box>
  );
};
