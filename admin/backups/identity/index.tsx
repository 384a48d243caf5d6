import { lazy } from 'react';
import { instanceAdminOnly } from '../../common/InstanceAdminOnly';

/** The backup encryption key page (/backups/identity), loaded when first opened. */
export const BackupIdentityPage = instanceAdminOnly(
  lazy(() => import('./IdentityPage')),
  'Backups',
);
