import { Box, Stack } from '@mui/material';
import { Title } from 'react-admin';
import { ApiTokensSection } from './ApiTokensSection';
import { DevicesSection } from './DevicesSection';
import { PasswordSection } from './PasswordSection';
import { ProfileSection } from './ProfileSection';
import { SecuritySection } from './SecuritySection';

/**
 * My account (/account, from the user menu): profile, password, security (two-factor sign-in,
 * passkeys, single sign-on), signed-in devices and API tokens.
 */
export const AccountPage = () => (
  <Box sx={{ maxWidth: 900, width: '100%', my: 2 }}>
    <Title title="My account" />
    <Stack spacing={2}>
      <ProfileSection />
      <PasswordSection />
      <SecuritySection />
      <DevicesSection />
      <ApiTokensSection />
    </Stack>
  </Box>
);
