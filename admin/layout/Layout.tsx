import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, Logout, MenuItemLink, UserMenu } from 'react-admin';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import { Menu } from './Menu';

const ConsoleUserMenu = () => (
  <UserMenu>
    <MenuItemLink to="/account" primaryText="My account" leftIcon={<AccountCircleIcon />} />
    <Logout />
  </UserMenu>
);

const ConsoleAppBar = () => <AppBar userMenu={<ConsoleUserMenu />} />;

/** The console's frame: app bar with the account menu, and the sectioned side menu. */
export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={ConsoleAppBar} menu={Menu}>
    {children}
  </RaLayout>
);
