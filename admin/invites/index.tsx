import MailOutlineIcon from '@mui/icons-material/MailOutline';
import { lazyScreen } from '../common/lazyScreen';

/** Invites into the household (admins): list with revoke, and creation with the link shown once. */
export default {
  list: lazyScreen(() => import('./InviteList'), 'InviteList'),
  create: lazyScreen(() => import('./InviteCreate'), 'InviteCreate'),
  icon: MailOutlineIcon,
};
