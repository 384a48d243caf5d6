import { useEffect, useRef } from 'react';
import { Alert, Button, LinearProgress } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LinkBase, useLocation, useNavigate } from 'react-admin';
import { AuthCard } from './AuthCard';
import { problemMessage } from './useApiForm';
import { useConsoleAuthProvider } from './useConsoleAuthProvider';

const BackToSignIn = () => (
  <Button component={LinkBase} to="/login" variant="contained" size="large" fullWidth sx={{ mt: 2 }}>
    Back to sign in
  </Button>
);

/**
 * Where a single sign-on ends (/admin/sso-complete?code=…): the API's one-time code is exchanged for
 * this console's session at once, and the visitor goes on to the dashboard (or to Security when the
 * policy wants two-factor sign-in turned on first). The page leaves the browser history, so going
 * back does not replay the used code.
 */
export const SsoCompletePage = () => {
  const code = new URLSearchParams(useLocation().search).get('code');
  const authProvider = useConsoleAuthProvider();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const exchange = useMutation({
    mutationFn: (ssoCode: string) => authProvider.login({ ssoCode }),
    onSuccess: (signedIn) => {
      // Signed in now: whatever react-admin knew about the (absent) account is stale.
      void queryClient.invalidateQueries({ queryKey: ['auth'] });
      navigate(signedIn.redirectTo ?? '/', { replace: true });
    },
  });
  const started = useRef(false);
  const { mutate } = exchange;
  useEffect(() => {
    if (!code || started.current) return;
    started.current = true;
    mutate(code);
  }, [code, mutate]);

  if (!code || exchange.isError) {
    return (
      <AuthCard title="Single sign-on">
        <Alert severity="error">
          {code
            ? problemMessage(exchange.error)
            : 'This address is incomplete: start the single sign-on again from the sign-in page.'}
        </Alert>
        <BackToSignIn />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Signing you in…">
      <LinearProgress aria-label="Signing in" />
    </AuthCard>
  );
};
