import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, Logout, MenuItemLink, UserMenu, useUserMenu } from 'react-admin';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import { EmailVerificationBanner } from '../account/EmailVerificationBanner';
import { Menu } from './Menu';

/** Opens My account and closes the user menu (it would stay open over the page otherwise). */
const MyAccountMenuItem = () => {
  const userMenu = useUserMenu();
  return (
    <MenuItemLink
      to="/account"
      primaryText="My account"
      leftIcon={<AccountCircleIcon />}
      onClick={userMenu?.onClose}
    />
  );
};

const ConsoleUserMenu = () => (
  <UserMenu>
    <MyAccountMenuItem />
    <Logout />
  </UserMenu>
);

const ConsoleAppBar = () => <AppBar userMenu={<ConsoleUserMenu />} />;

/**
 * The console's frame: app bar with the account menu, the sectioned side menu, and the email
 * verification banner while the signed-in address still needs confirming.
 */
export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={ConsoleAppBar} menu={Menu}>
    <EmailVerificationBanner />
    {children}
  </RaLayout>
);
