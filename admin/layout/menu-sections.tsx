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

/** One entry of the side menu: a resource list or a custom page. */
export interface MenuEntry {
  /** Console path, relative to /admin. */
  to: string;
  label: string;
  icon: ReactElement;
}

/** A titled group of the side menu. */
export interface MenuSection {
  title: string;
  /** Shown only to household admins. */
  adminOnly?: boolean;
  entries: MenuEntry[];
}

/**
 * The side menu, by area. Storage providers and backups (issues "Storage providers and photos",
 * "Backups and restore" and their console) add their entries to the Data section (backups, restore)
 * and the Admin section (storage providers, encryption key).
 */
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
    entries: [{ to: '/import-export', label: 'Import / export', icon: <ImportExportIcon /> }],
  },
  {
    title: 'Admin',
    adminOnly: true,
    entries: [
      { to: '/users', label: 'Users', icon: <PeopleIcon /> },
      { to: '/invites', label: 'Invites', icon: <MailOutlineIcon /> },
      { to: '/settings/registration', label: 'Registration', icon: <HowToRegIcon /> },
      { to: '/audit-events', label: 'Audit log', icon: <HistoryIcon /> },
    ],
  },
];
