import { Alert, Button } from '@mui/material';
import { email, Form, required, TextInput } from 'react-admin';
import { AuthCard } from './AuthCard';
import { AuthSubmit } from './AuthSubmit';
import { useApiForm } from './useApiForm';
import { useConsoleAuthProvider } from './useConsoleAuthProvider';

interface ResetRequest {
  email: string;
}

/** Asks for a password-reset mail; the answer never tells whether the address has an account. */
export const ForgotPassword = ({ onBack }: { onBack: () => void }) => {
  const authProvider = useConsoleAuthProvider();
  const form = useApiForm((values: ResetRequest) => authProvider.requestPasswordReset(values.email));
  return (
    <AuthCard
      title="Reset your password"
      subtitle="Type the email address of your account: we mail you a link to set a new password."
      footer={
        <Button onClick={onBack} sx={{ minHeight: 44 }}>
          Back to sign in
        </Button>
      }
    >
      {form.succeeded ? (
        <Alert severity="success">
          If an account uses this address, a reset link is on its way. Check your inbox (and the spam folder);
          the link works once and for a short time only.
        </Alert>
      ) : (
        <Form onSubmit={form.onSubmit} noValidate>
          <TextInput
            source="email"
            label="Email"
            type="email"
            autoComplete="username"
            validate={[required(), email()]}
            autoFocus
          />
          <AuthSubmit label="Send reset link" pending={form.pending} problem={form.problem} />
        </Form>
      )}
    </AuthCard>
  );
};
