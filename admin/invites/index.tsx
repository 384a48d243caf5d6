import MailOutlineIcon from '@mui/icons-material/MailOutline';
import { InviteCreate } from './InviteCreate';
import { InviteList } from './InviteList';

/** Invites into the household (admins): list with revoke, and creation with the link shown once. */
export default {
  list: InviteList,
  create: InviteCreate,
  icon: MailOutlineIcon,
};
