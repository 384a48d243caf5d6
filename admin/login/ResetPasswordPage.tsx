import { Alert, Button } from '@mui/material';
import { Form, Link, LinkBase, useLocation } from 'react-admin';
import { AuthCard } from './AuthCard';
import { AuthSubmit } from './AuthSubmit';
import { NewPasswordInput } from './NewPasswordInput';
import { useApiForm } from './useApiForm';
import { useConsoleAuthProvider } from './useConsoleAuthProvider';

interface NewPassword {
  newPassword: string;
}

const BackToSignIn = () => <Link to="/login">Back to sign in</Link>;

/**
 * Sets a new password with the link from the reset mail (/admin/reset-password?token=…). Every
 * device is signed out afterwards, so the person signs in again with the new password.
 */
export const ResetPasswordPage = () => {
  const token = new URLSearchParams(useLocation().search).get('token');
  const authProvider = useConsoleAuthProvider();
  const form = useApiForm((values: NewPassword) =>
    authProvider.confirmPasswordReset(token ?? '', values.newPassword),
  );
  if (!token) {
    return (
      <AuthCard title="Set a new password" footer={<BackToSignIn />}>
        <Alert severity="warning">
          This link is incomplete. Open the link from the mail again, or ask for a new one on the sign-in
          page.
        </Alert>
      </AuthCard>
    );
  }
  if (form.succeeded) {
    return (
      <AuthCard title="Password changed">
        <Alert severity="success" sx={{ mb: 2 }}>
          Your new password is set, and every device was signed out. Sign in with the new password.
        </Alert>
        <Button component={LinkBase} to="/login" variant="contained" size="large" fullWidth>
          Sign in
        </Button>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Set a new password"
      subtitle="Choose the password you will sign in with from now on."
      footer={<BackToSignIn />}
    >
      <Form onSubmit={form.onSubmit} noValidate>
        <NewPasswordInput source="newPassword" label="New password" />
        <AuthSubmit label="Set new password" pending={form.pending} problem={form.problem} />
      </Form>
    </AuthCard>
  );
};
