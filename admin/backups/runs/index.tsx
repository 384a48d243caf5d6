import { lazy } from 'react';
import BackupIcon from '@mui/icons-material/Backup';
import { instanceAdminOnly } from '../InstanceAdminOnly';

/** Backup runs: list with live progress, and a page per run with its checks and the restore. */
export default {
  list: instanceAdminOnly(lazy(() => import('./RunList'))),
  show: instanceAdminOnly(lazy(() => import('./RunShow'))),
  icon: BackupIcon,
  recordRepresentation: 'policyName',
};
