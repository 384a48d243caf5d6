import { useEffect, useState } from 'react';
import { Button, Typography } from '@mui/material';
import {
  email,
  Form,
  Link,
  Navigate,
  PasswordInput,
  TextInput,
  useCheckAuth,
  useLogin,
  useNavigate,
} from 'react-admin';
import { AuthCard } from './AuthCard';
import { AuthSubmit } from './AuthSubmit';
import { ForgotPassword } from './ForgotPassword';
import { useApiForm } from './useApiForm';
import { useSignInOptions } from './useConsoleAuthProvider';

/**
 * Both sign-in fields are obviously needed: refused when empty, but without the asterisk of
 * `required()` (the labels stay plain "Email" and "Password").
 */
const filledIn = (value: unknown) => (value ? undefined : 'ra.validation.required');

interface Credentials {
  email: string;
  password: string;
}

const SignInForm = () => {
  const login = useLogin();
  const form = useApiForm((values: Credentials) => login(values));
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

/**
 * The sign-in screen (/admin/login). On a fresh installation it sends the visitor to register the
 * first account; it offers the password-reset mail when mail works, and registration when the
 * registration mode allows it.
 */
export const LoginPage = () => {
  const { data: options } = useSignInOptions();
  const [forgotten, setForgotten] = useState(false);
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
      <SignInForm />
    </AuthCard>
  );
};
