import { lazy } from 'react';
import BackupIcon from '@mui/icons-material/Backup';
import { instanceAdminOnly } from '../../common/InstanceAdminOnly';

/** Backup runs: list with live progress, and a page per run with its checks and the restore. */
export default {
  list: instanceAdminOnly(
    lazy(() => import('./RunList')),
    'Backups',
  ),
  show: instanceAdminOnly(
    lazy(() => import('./RunShow')),
    'Backups',
  ),
  icon: BackupIcon,
  recordRepresentation: 'policyName',
};
