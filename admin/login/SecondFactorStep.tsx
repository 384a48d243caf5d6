import { useState } from 'react';
import { Alert, Button, CircularProgress, Stack } from '@mui/material';
import FingerprintIcon from '@mui/icons-material/Fingerprint';
import { useMutation } from '@tanstack/react-query';
import { Form, HttpError, required, TextInput, useLogin, useNotify } from 'react-admin';
import type { ApiErrorBody, SecondFactorRequired, SignedIn } from '../authProvider';
import { AuthCard } from './AuthCard';
import { AuthSubmit } from './AuthSubmit';
import { problemMessage } from './useApiForm';
import { passkeysAvailable } from './webauthn';

type Proof = { code: string } | { recoveryCode: string } | { passkey: true };

const sixDigits = (value: string | null) =>
  value && !/^\d{6}$/.test(value.replace(/\s/g, '')) ? 'The code has 6 digits' : undefined;

/**
 * Whether a refused second step ended the sign-in (back to the password), rather than being a wrong
 * code to try again: the API says so by the problem type (expired, or too many wrong codes).
 */
function challengeEnded(error: unknown): boolean {
  if (!(error instanceof HttpError) || error.status !== 401) return false;
  const problem = (error.body as ApiErrorBody | undefined)?.problem;
  // Starting a passkey confirmation is refused only for a challenge that is gone.
  if (problem?.instance.endsWith('/auth/passkeys/mfa/options')) return true;
  return problem?.type === '/problems/sign-in-expired';
}

/** The sentence after a sign-in with a recovery code: how many are left, and what to do when few are. */
function recoveryCodesLeft(remaining: number): string {
  const left = `Signed in with a recovery code: ${remaining} ${remaining === 1 ? 'code is' : 'codes are'} left.`;
  return remaining <= 3 ? `${left} Make new ones under My account → Security.` : left;
}

/** Props of {@link SecondFactorStep}. */
export interface SecondFactorStepProps {
  /** The challenge the right password was answered with. */
  challenge: SecondFactorRequired;
  /** Back to the password step, with why when the sign-in ended on its own. */
  onEnded: (message?: string) => void;
}

/**
 * The second step of a password sign-in with two-factor sign-in on: the authenticator app's code, a
 * recovery code instead, or a passkey, as the account allows. A wrong code can be typed again; an
 * expired sign-in or one ended by too many wrong codes goes back to the password.
 */
const SecondFactorStep = ({ challenge, onEnded }: SecondFactorStepProps) => {
  const login = useLogin();
  const notify = useNotify();
  const withCodes = challenge.methods.includes('totp');
  const withPasskey = challenge.methods.includes('passkey') && passkeysAvailable();
  const [recovery, setRecovery] = useState(false);
  const attempt = useMutation({
    mutationFn: (proof: Proof) => login({ challenge: challenge.challenge, ...proof }) as Promise<SignedIn>,
    onSuccess: ({ recoveryCodesRemaining }) => {
      if (recoveryCodesRemaining === undefined) return;
      notify(recoveryCodesLeft(recoveryCodesRemaining), {
        type: recoveryCodesRemaining <= 3 ? 'warning' : 'info',
        autoHideDuration: 10_000,
      });
    },
    onError: (error) => {
      if (challengeEnded(error)) onEnded(problemMessage(error));
    },
  });
  const submit = (values: Record<string, unknown>) => {
    attempt.reset();
    attempt.mutate(recovery ? { recoveryCode: String(values.recoveryCode) } : { code: String(values.code) });
  };
  const problem = attempt.isError ? problemMessage(attempt.error) : undefined;

  return (
    <AuthCard
      title="Confirm it’s you"
      subtitle={
        withCodes
          ? recovery
            ? 'Type one of the recovery codes you saved when you set up two-factor sign-in. Each works once.'
            : 'Open your authenticator app and type the 6-digit code it shows for Whiskey Tracker.'
          : 'Confirm the sign-in with your passkey.'
      }
      footer={
        <>
          {withCodes && (
            <Button
              onClick={() => {
                attempt.reset();
                setRecovery(!recovery);
              }}
              sx={{ minHeight: 44 }}
            >
              {recovery ? 'Use the authenticator app' : 'Use a recovery code'}
            </Button>
          )}
          <Button onClick={() => onEnded()} sx={{ minHeight: 44 }}>
            Back to sign in
          </Button>
        </>
      }
    >
      {withCodes && (
        <Form key={recovery ? 'recovery' : 'totp'} onSubmit={submit} noValidate>
          {recovery ? (
            <TextInput
              source="recoveryCode"
              label="Recovery code"
              autoComplete="off"
              validate={required()}
              slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
              autoFocus
            />
          ) : (
            <TextInput
              source="code"
              label="Authentication code"
              autoComplete="one-time-code"
              validate={[required(), sixDigits]}
              slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 7 } }}
              autoFocus
            />
          )}
          <AuthSubmit label="Verify" pending={attempt.isPending} problem={problem} />
        </Form>
      )}
      {!withCodes && problem && <Alert severity="error">{problem}</Alert>}
      {withPasskey && (
        <Stack sx={{ mt: 2 }}>
          <Button
            variant={withCodes ? 'outlined' : 'contained'}
            size="large"
            fullWidth
            startIcon={
              attempt.isPending && attempt.variables && 'passkey' in attempt.variables ? (
                <CircularProgress size={18} color="inherit" />
              ) : (
                <FingerprintIcon />
              )
            }
            disabled={attempt.isPending}
            onClick={() => {
              attempt.reset();
              attempt.mutate({ passkey: true });
            }}
            sx={{ minHeight: 48 }}
          >
            Use a passkey
          </Button>
        </Stack>
      )}
      {!withCodes && !withPasskey && (
        <Alert severity="warning">
          Your account confirms sign-ins with a passkey, which this browser cannot use here (passkeys need
          HTTPS). Open the console at its usual address, or use another device.
        </Alert>
      )}
    </AuthCard>
  );
};

export default SecondFactorStep;
