import { useEffect, useRef } from 'react';
import { Alert, AlertTitle, Stack } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-admin';
import { useConsoleAuthProvider } from '../login/useConsoleAuthProvider';
import { LinkedAccountsSection } from './LinkedAccountsSection';
import { PasskeysSection } from './PasskeysSection';
import { useMfaStatus } from './queries';
import { TwoFactorSection } from './TwoFactorSection';

/**
 * My account → Security (/account#security): two-factor sign-in, passkeys and linked single sign-on
 * accounts. A user the installation requires to use two-factor sign-in is sent here after signing in
 * (and on any refused request) until it is on; a banner says why, and once it is on the rest of the
 * console reloads what it could not read.
 */
const SecuritySettings = () => {
  const authProvider = useConsoleAuthProvider();
  const queryClient = useQueryClient();
  const { data: status } = useMfaStatus();
  const { hash } = useLocation();
  const anchor = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (hash === '#security') anchor.current?.scrollIntoView({ block: 'start' });
  }, [hash]);

  const enrolmentRequired = status?.enrolmentRequired;
  const wasRequired = useRef(false);
  useEffect(() => {
    if (enrolmentRequired) wasRequired.current = true;
    else if (enrolmentRequired === false && wasRequired.current) {
      wasRequired.current = false;
      // Enrolled (the set-up's own notification said so): what the API refused until now reads again.
      void queryClient.invalidateQueries();
    }
  }, [enrolmentRequired, queryClient]);

  return (
    <Stack id="security" ref={anchor} spacing={2} sx={{ scrollMarginTop: 72 }}>
      {enrolmentRequired && (
        <Alert severity="warning" role="alert">
          <AlertTitle>Two-factor sign-in is required</AlertTitle>
          This installation asks for a second step at sign-in for your account. Set up an authenticator app or
          add a passkey below: until then the rest of the console stays locked.
        </Alert>
      )}
      <TwoFactorSection email={authProvider.currentUser()?.email} />
      <PasskeysSection />
      <LinkedAccountsSection enabled={enrolmentRequired === false} />
    </Stack>
  );
};

export default SecuritySettings;
