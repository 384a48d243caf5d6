import { lazyScreen } from '../../common/lazyScreen';
import BackupIcon from '@mui/icons-material/Backup';
import { instanceAdminOnly } from '../../common/InstanceAdminOnly';

/** Backup runs: list with live progress, and a page per run with its checks and the restore. */
export default {
  list: instanceAdminOnly(
    lazyScreen(() => import('./RunList')),
    'Backups',
  ),
  show: instanceAdminOnly(
    lazyScreen(() => import('./RunShow')),
    'Backups',
  ),
  icon: BackupIcon,
  recordRepresentation: 'policyName',
};
