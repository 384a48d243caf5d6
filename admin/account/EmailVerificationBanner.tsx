import { Alert, AlertTitle, Box, Button } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Form, TextInput, required, useNotify } from 'react-admin';
import { useApiForm } from '../login/useApiForm';
import { useConsoleAuthProvider, useSignInOptions } from '../login/useConsoleAuthProvider';

interface Code {
  code: string;
}

const sixDigits = (value: string | null) =>
  value && !/^\d{6}$/.test(value.trim()) ? 'The code has 6 digits' : undefined;

/**
 * Shown above every page while the signed-in user's email address is unconfirmed and the
 * installation requires it (until then the API refuses changes): where to type the 6-digit code
 * from the mail, and a way to get a new one.
 */
export const EmailVerificationBanner = () => {
  const authProvider = useConsoleAuthProvider();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { data: options } = useSignInOptions();
  const { data: user } = useQuery({
    queryKey: ['auth', 'currentUser'],
    queryFn: () => authProvider.currentUser(),
  });
  const form = useApiForm((values: Code) => authProvider.verifyEmail(values.code.trim()), {
    onSuccess: () => {
      notify('Email address confirmed', { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: ['auth', 'currentUser'] });
    },
    onError: (message) => notify(message, { type: 'error' }),
  });
  const resend = useMutation({
    mutationFn: () => authProvider.resendVerification(),
    onSuccess: () => notify(`A new code is on its way to ${user?.email ?? 'you'}`, { type: 'info' }),
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  if (!options?.emailVerificationRequired || !user || user.emailVerified) return null;
  return (
    <Alert severity="warning" sx={{ mt: 1, mb: 1 }} role="region" aria-label="Confirm your email address">
      <AlertTitle>Confirm your email address</AlertTitle>
      We mailed a 6-digit code to <strong>{user.email}</strong>. Until you type it here you can look around,
      but not change anything.
      <Form onSubmit={form.onSubmit} noValidate>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: 1, mt: 1 }}>
          <TextInput
            source="code"
            label="Verification code"
            autoComplete="one-time-code"
            validate={[required(), sixDigits]}
            slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 6 } }}
            sx={{ width: 200 }}
          />
          <Button type="submit" variant="contained" disabled={form.pending} sx={{ minHeight: 48, mt: 1 }}>
            Verify
          </Button>
          <Button onClick={() => resend.mutate()} disabled={resend.isPending} sx={{ minHeight: 48, mt: 1 }}>
            Send a new code
          </Button>
        </Box>
      </Form>
    </Alert>
  );
};
