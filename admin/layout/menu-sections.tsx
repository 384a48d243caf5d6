import type { ReactElement } from 'react';
import LiquorIcon from '@mui/icons-material/Liquor';
import WineBarIcon from '@mui/icons-material/WineBar';
import AllInclusiveIcon from '@mui/icons-material/AllInclusive';
import PlaceIcon from '@mui/icons-material/Place';
import OpacityIcon from '@mui/icons-material/Opacity';
import EventNoteIcon from '@mui/icons-material/EventNote';
import RateReviewIcon from '@mui/icons-material/RateReview';
import ImportExportIcon from '@mui/icons-material/ImportExport';
import PeopleIcon from '@mui/icons-material/People';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import HistoryIcon from '@mui/icons-material/History';
import BackupIcon from '@mui/icons-material/Backup';
import ScheduleIcon from '@mui/icons-material/Schedule';
import StorageIcon from '@mui/icons-material/Storage';
import KeyIcon from '@mui/icons-material/Key';
import VpnKeyIcon from '@mui/icons-material/VpnKey';
import LockPersonIcon from '@mui/icons-material/LockPerson';

/** One entry of the side menu: a resource list or a custom page. */
export interface MenuEntry {
  /** Console path, relative to /admin. */
  to: string;
  label: string;
  icon: ReactElement;
  /** Shown only to admins of the instance (storage, backups), not to every household admin. */
  instanceAdminOnly?: boolean;
}

/** A titled group of the side menu. */
export interface MenuSection {
  title: string;
  /** Shown only to household admins. */
  adminOnly?: boolean;
  entries: MenuEntry[];
}

/** The side menu, by area; backups and storage are for instance admins only. */
export const MENU_SECTIONS: MenuSection[] = [
  {
    title: 'Collection',
    entries: [
      { to: '/whiskies', label: 'Whiskies', icon: <LiquorIcon /> },
      { to: '/bottles', label: 'Bottles', icon: <WineBarIcon /> },
      { to: '/infinity-bottles', label: 'Infinity bottles', icon: <AllInclusiveIcon /> },
      { to: '/locations', label: 'Locations', icon: <PlaceIcon /> },
      { to: '/pours', label: 'Pours', icon: <OpacityIcon /> },
    ],
  },
  {
    title: 'Tastings',
    entries: [
      { to: '/sessions', label: 'Tasting sessions', icon: <EventNoteIcon /> },
      { to: '/tasting-notes', label: 'Tasting notes', icon: <RateReviewIcon /> },
    ],
  },
  {
    title: 'Data',
    entries: [
      { to: '/import-export', label: 'Import / export', icon: <ImportExportIcon /> },
      { to: '/backup-runs', label: 'Backups', icon: <BackupIcon />, instanceAdminOnly: true },
      { to: '/backup-policies', label: 'Backup policies', icon: <ScheduleIcon />, instanceAdminOnly: true },
    ],
  },
  {
    title: 'Admin',
    adminOnly: true,
    entries: [
      { to: '/users', label: 'Users', icon: <PeopleIcon /> },
      { to: '/invites', label: 'Invites', icon: <MailOutlineIcon /> },
      { to: '/settings/registration', label: 'Registration', icon: <HowToRegIcon /> },
      { to: '/sso-providers', label: 'Single sign-on', icon: <VpnKeyIcon />, instanceAdminOnly: true },
      {
        to: '/settings/sign-in',
        label: 'Sign-in settings',
        icon: <LockPersonIcon />,
        instanceAdminOnly: true,
      },
      { to: '/audit-events', label: 'Audit log', icon: <HistoryIcon /> },
      {
        to: '/storage-providers',
        label: 'Storage providers',
        icon: <StorageIcon />,
        instanceAdminOnly: true,
      },
      { to: '/backups/identity', label: 'Encryption key', icon: <KeyIcon />, instanceAdminOnly: true },
    ],
  },
];
