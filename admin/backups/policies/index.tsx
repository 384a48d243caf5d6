import { lazy } from 'react';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { instanceAdminOnly } from '../../common/InstanceAdminOnly';

/** Backup policies: schedule, targets, retention with its preview, and "Run now". */
export default {
  list: instanceAdminOnly(
    lazy(() => import('./PolicyList')),
    'Backups',
  ),
  edit: instanceAdminOnly(
    lazy(() => import('./PolicyEdit')),
    'Backups',
  ),
  create: instanceAdminOnly(
    lazy(() => import('./PolicyCreate')),
    'Backups',
  ),
  icon: ScheduleIcon,
  recordRepresentation: 'name',
};
