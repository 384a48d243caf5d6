import { lazy, Suspense, useEffect, useState } from 'react';
import { Alert, Button, CircularProgress, Divider, LinearProgress, Stack, Typography } from '@mui/material';
import FingerprintIcon from '@mui/icons-material/Fingerprint';
import LoginIcon from '@mui/icons-material/Login';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  email,
  Form,
  Link,
  Navigate,
  PasswordInput,
  TextInput,
  useCheckAuth,
  useLocation,
  useLogin,
  useNavigate,
} from 'react-admin';
import { SecondFactorRequired } from '../authProvider';
import { AuthCard } from './AuthCard';
import { AuthSubmit } from './AuthSubmit';
import { ForgotPassword } from './ForgotPassword';
import { ssoErrorMessage } from './ssoErrors';
import { problemMessage, useApiForm } from './useApiForm';
import { useConsoleAuthProvider, useSignInOptions } from './useConsoleAuthProvider';
import { passkeysAvailable } from './webauthn';

/** The second step is needed by few sign-ins: loaded when one asks for it. */
const SecondFactorStep = lazy(() => import('./SecondFactorStep'));

/**
 * Both sign-in fields are obviously needed: refused when empty, but without the asterisk of
 * `required()` (the labels stay plain "Email" and "Password").
 */
const filledIn = (value: unknown) => (value ? undefined : 'ra.validation.required');

interface Credentials {
  email: string;
  password: string;
}

const SignInForm = ({ onSecondFactor }: { onSecondFactor: (challenge: SecondFactorRequired) => void }) => {
  const login = useLogin();
  const form = useApiForm(async (values: Credentials) => {
    try {
      await login(values);
    } catch (error) {
      // A right password of an account with two-factor sign-in on: not a failure, a second step.
      if (!(error instanceof SecondFactorRequired)) throw error;
      onSecondFactor(error);
    }
  });
  return (
    <Form onSubmit={form.onSubmit} noValidate>
      <TextInput
        source="email"
        label="Email"
        type="email"
        autoComplete="username"
        validate={[filledIn, email()]}
        autoFocus
      />
      <PasswordInput source="password" label="Password" autoComplete="current-password" validate={filledIn} />
      <AuthSubmit label="Sign in" pending={form.pending} problem={form.problem} />
    </Form>
  );
};

/** The ways in besides the password: a passkey alone, and one button per single sign-on provider. */
const OtherWaysIn = () => {
  const authProvider = useConsoleAuthProvider();
  const login = useLogin();
  const { data: providers } = useQuery({
    queryKey: ['auth', 'ssoProviders'],
    queryFn: () => authProvider.ssoProviders(),
    staleTime: 60_000,
  });
  const passkey = useMutation({ mutationFn: () => login({ passkey: true }) });
  const withPasskey = passkeysAvailable();
  if (!withPasskey && !providers?.length) return null;
  return (
    <>
      <Divider sx={{ my: 3 }}>
        <Typography variant="body2" color="text.secondary">
          or
        </Typography>
      </Divider>
      <Stack spacing={1.5}>
        {withPasskey && (
          <Button
            variant="outlined"
            size="large"
            fullWidth
            startIcon={
              passkey.isPending ? <CircularProgress size={18} color="inherit" /> : <FingerprintIcon />
            }
            disabled={passkey.isPending}
            onClick={() => passkey.mutate()}
            sx={{ minHeight: 48 }}
          >
            Sign in with a passkey
          </Button>
        )}
        {passkey.isError && <Alert severity="error">{problemMessage(passkey.error)}</Alert>}
        {providers?.map((provider) => (
          // A full page load: the provider's sign-in page is another site, and comes back to the API.
          <Button
            key={provider.slug}
            href={provider.startUrl}
            variant="outlined"
            size="large"
            fullWidth
            startIcon={<LoginIcon />}
            sx={{ minHeight: 48 }}
          >
            {provider.buttonLabel}
          </Button>
        ))}
      </Stack>
    </>
  );
};

/**
 * The sign-in screen (/admin/login). On a fresh installation it sends the visitor to register the
 * first account; it offers the password-reset mail when mail works, and registration when the
 * registration mode allows it. A password of an account with two-factor sign-in on leads to a second
 * step; a failed single sign-on comes back here with `?ssoError=<reason>`, which is explained.
 */
export const LoginPage = () => {
  const { data: options } = useSignInOptions();
  const [forgotten, setForgotten] = useState(false);
  const [secondFactor, setSecondFactor] = useState<SecondFactorRequired | null>(null);
  const ssoError = new URLSearchParams(useLocation().search).get('ssoError');
  const [notice, setNotice] = useState<string | undefined>(
    ssoError === null ? undefined : ssoErrorMessage(ssoError),
  );
  const checkAuth = useCheckAuth();
  const navigate = useNavigate();
  useEffect(() => {
    // Someone already signed in has nothing to do here.
    checkAuth({}, false)
      .then(() => navigate('/'))
      .catch(() => undefined);
  }, [checkAuth, navigate]);

  if (options?.firstRun) return <Navigate to="/register" replace />;
  if (forgotten) return <ForgotPassword onBack={() => setForgotten(false)} />;
  if (secondFactor) {
    return (
      <Suspense
        fallback={
          <AuthCard title="Confirm it’s you">
            <LinearProgress aria-label="Loading" />
          </AuthCard>
        }
      >
        <SecondFactorStep
          challenge={secondFactor}
          onEnded={(message) => {
            setSecondFactor(null);
            setNotice(message);
          }}
        />
      </Suspense>
    );
  }
  return (
    <AuthCard
      title="Sign in"
      subtitle="Your whisky collection, tastings and notes."
      footer={
        <>
          {options?.emailEnabled && (
            <Button onClick={() => setForgotten(true)} sx={{ minHeight: 44 }}>
              Forgot password?
            </Button>
          )}
          {options?.registrationMode === 'open' && (
            <Typography variant="body2">
              New here? <Link to="/register">Create an account</Link>
            </Typography>
          )}
          {options?.registrationMode === 'invite' && (
            <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'center' }}>
              New here? Ask an admin of your household for an invite link.
            </Typography>
          )}
        </>
      }
    >
      {notice && (
        <Alert severity="warning" sx={{ mb: 2 }} onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      <SignInForm
        onSecondFactor={(challenge) => {
          setNotice(undefined);
          setSecondFactor(challenge);
        }}
      />
      <OtherWaysIn />
    </AuthCard>
  );
};
