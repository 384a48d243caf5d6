import { lazyScreen } from '../../common/lazyScreen';
import { instanceAdminOnly } from '../../common/InstanceAdminOnly';

/** The backup encryption key page (/backups/identity), loaded when first opened. */
export const BackupIdentityPage = instanceAdminOnly(
  lazyScreen(() => import('./IdentityPage')),
  'Backups',
);
