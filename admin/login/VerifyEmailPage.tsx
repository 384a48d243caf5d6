import { useEffect, useRef } from 'react';
import { Alert, Button, LinearProgress } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LinkBase, useLocation } from 'react-admin';
import { AuthCard } from './AuthCard';
import { problemMessage } from './useApiForm';
import { useConsoleAuthProvider } from './useConsoleAuthProvider';

const ContinueButton = () => (
  <Button component={LinkBase} to="/" variant="contained" size="large" fullWidth sx={{ mt: 2 }}>
    Continue
  </Button>
);

/**
 * Confirms an email address with the link from the verification mail (/admin/verify-email?token=…),
 * as soon as the page opens; works signed in or not.
 */
export const VerifyEmailPage = () => {
  const token = new URLSearchParams(useLocation().search).get('token');
  const authProvider = useConsoleAuthProvider();
  const queryClient = useQueryClient();
  const verification = useMutation({
    mutationFn: async (linkToken: string) => {
      await authProvider.verifyEmailLink(linkToken);
      // Signed in in this browser: the verification banner must learn the news. A session that has
      // ended meanwhile changes nothing about the confirmed address, so its refusal is not shown.
      if (authProvider.currentUser()) await authProvider.refreshUser().catch(() => undefined);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['auth'] }),
  });
  const started = useRef(false);
  const { mutate } = verification;
  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    mutate(token);
  }, [token, mutate]);

  if (!token) {
    return (
      <AuthCard title="Confirm your email address">
        <Alert severity="warning">
          This link is incomplete. Open the link from the mail again, or type the 6-digit code from the mail
          in the console.
        </Alert>
        <ContinueButton />
      </AuthCard>
    );
  }
  if (verification.isError) {
    return (
      <AuthCard title="Confirm your email address">
        <Alert severity="error">{problemMessage(verification.error)}</Alert>
        <ContinueButton />
      </AuthCard>
    );
  }
  if (verification.isSuccess) {
    return (
      <AuthCard title="Email address confirmed">
        <Alert severity="success">Thank you: your email address is confirmed.</Alert>
        <ContinueButton />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Confirming your email address…">
      <LinearProgress aria-label="Confirming" />
    </AuthCard>
  );
};
