import { lazyScreen } from '../../common/lazyScreen';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { instanceAdminOnly } from '../../common/InstanceAdminOnly';

/** Backup policies: schedule, targets, retention with its preview, and "Run now". */
export default {
  list: instanceAdminOnly(
    lazyScreen(() => import('./PolicyList')),
    'Backups',
  ),
  edit: instanceAdminOnly(
    lazyScreen(() => import('./PolicyEdit')),
    'Backups',
  ),
  create: instanceAdminOnly(
    lazyScreen(() => import('./PolicyCreate')),
    'Backups',
  ),
  icon: ScheduleIcon,
  recordRepresentation: 'name',
};
