import { Suspense, lazy, type ComponentType } from 'react';
import { Loading } from 'react-admin';
import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { instanceAdminOnly } from '../common/InstanceAdminOnly';

/**
 * Wraps a screen loaded on first use: sign-in administration is for instance admins only, so the
 * console's first load does not carry it.
 */
function lazyScreen(load: () => Promise<{ default: ComponentType }>): ComponentType {
  const Screen = lazy(load);
  const LazyScreen = () => (
    <Suspense fallback={<Loading />}>
      <Screen />
    </Suspense>
  );
  return LazyScreen;
}

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
