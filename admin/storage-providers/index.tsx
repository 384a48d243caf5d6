import { lazyScreen } from '../common/lazyScreen';
import StorageIcon from '@mui/icons-material/Storage';

/** Storage providers (instance admins): list, and a form per provider type with a connection test. */
export default {
  list: lazyScreen(() => import('./StorageProviderList')),
  create: lazyScreen(() => import('./StorageProviderCreate')),
  edit: lazyScreen(() => import('./StorageProviderEdit')),
  icon: StorageIcon,
  recordRepresentation: 'name',
};
