import { lazyScreen } from '../common/lazyScreen';
import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { instanceAdminOnly } from '../common/InstanceAdminOnly';

/** Single sign-on providers (instance admins): list, form, and a read-only view with the callback URL. */
export default {
  list: lazyScreen(() => import('./SsoProviderList')),
  create: lazyScreen(() => import('./SsoProviderCreate')),
  edit: lazyScreen(() => import('./SsoProviderEdit')),
  show: lazyScreen(() => import('./SsoProviderShow')),
  icon: VpnKeyIcon,
  recordRepresentation: 'name',
};

/**
 * The sign-in settings page (/settings/sign-in): the two-factor requirement and who may sign in with
 * a password; loaded when first opened, by instance admins only.
 */
export const SignInSettingsPage = instanceAdminOnly(
  lazyScreen(() => import('../settings/SignInSettingsPage')),
  'Sign-in settings',
);
