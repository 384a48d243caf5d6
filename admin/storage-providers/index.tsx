import { Suspense, lazy, type ComponentType } from 'react';
import { Loading } from 'react-admin';
import StorageIcon from '@mui/icons-material/Storage';

/**
 * Wraps a screen loaded on first use: the storage screens are for instance admins only, so the
 * console's first load does not carry them.
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

/** Storage providers (instance admins): list, and a form per provider type with a connection test. */
export default {
  list: lazyScreen(() => import('./StorageProviderList')),
  create: lazyScreen(() => import('./StorageProviderCreate')),
  edit: lazyScreen(() => import('./StorageProviderEdit')),
  icon: StorageIcon,
  recordRepresentation: 'name',
};
