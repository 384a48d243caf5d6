import PeopleIcon from '@mui/icons-material/People';
import { lazyScreen } from '../common/lazyScreen';

/** The household's users (admins): list, and an editor for role and disabled state. */
export default {
  list: lazyScreen(() => import('./UserList'), 'UserList'),
  edit: lazyScreen(() => import('./UserEdit'), 'UserEdit'),
  icon: PeopleIcon,
  recordRepresentation: 'displayName',
};
