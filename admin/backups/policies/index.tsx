import { lazy } from 'react';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { instanceAdminOnly } from '../InstanceAdminOnly';

/** Backup policies: schedule, targets, retention with its preview, and "Run now". */
export default {
  list: instanceAdminOnly(lazy(() => import('./PolicyList'))),
  edit: instanceAdminOnly(lazy(() => import('./PolicyEdit'))),
  create: instanceAdminOnly(lazy(() => import('./PolicyCreate'))),
  icon: ScheduleIcon,
  recordRepresentation: 'name',
};
