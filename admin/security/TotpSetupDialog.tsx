import { useId, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { Form, PasswordInput, required, TextInput, useDataProvider } from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { OneTimeSecret } from '../account/OneTimeSecret';
import { useSmallScreen } from '../common/useSmallScreen';
import { problemMessage } from '../login/useApiForm';
import { RecoveryCodes } from './RecoveryCodes';

/** Where the set-up is: the password first, then the app's code, then the recovery codes. */
type Step =
  | { kind: 'password' }
  | { kind: 'scan'; setup: Schemas['TotpSetupDto'] }
  | { kind: 'codes'; codes: string[] };

const START: Step = { kind: 'password' };

const sixDigits = (value: string | null) =>
  value && !/^\d{6}$/.test(value.replace(/\s/g, '')) ? 'The code has 6 digits' : undefined;

/** Props of {@link TotpSetupDialog}. */
export interface TotpSetupDialogProps {
  open: boolean;
  /** Called when the dialog closes; `enabled` once two-factor sign-in was turned on. */
  onClose: (enabled: boolean) => void;
  email?: string;
}

/**
 * Sets up an authenticator app: the password, then the QR code (or the key to type) and a code from
 * the app, then the recovery codes. The secret and the codes are shown once and forgotten when the
 * dialog closes; until a code is confirmed two-factor sign-in stays off.
 */
export const TotpSetupDialog = ({ open, onClose, email }: TotpSetupDialogProps) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const phone = useSmallScreen();
  const titleId = useId();
  const [step, setStep] = useState<Step>(START);
  // gcTime 0: the answers (the secret, the codes) do not outlive the dialog in react-query's cache.
  const start = useMutation({
    mutationFn: (password: string) => dataProvider.startTotpSetup(password),
    gcTime: 0,
    onSuccess: (setup) => setStep({ kind: 'scan', setup }),
  });
  const confirm = useMutation({
    mutationFn: (code: string) => dataProvider.confirmTotp(code.replace(/\s/g, '')),
    gcTime: 0,
    onSuccess: ({ recoveryCodes }) => setStep({ kind: 'codes', codes: recoveryCodes }),
  });
  const close = () => onClose(step.kind === 'codes');
  /** Once the dialog has faded out, the secret and the codes leave the page's state. */
  const forget = () => {
    setStep(START);
    start.reset();
    confirm.reset();
  };
  const failed = start.error ?? confirm.error;

  return (
    <Dialog
      open={open}
      // The recovery codes close with "Done" only, not with a stray click beside the dialog.
      onClose={step.kind === 'codes' ? undefined : close}
      fullScreen={phone}
      fullWidth
      maxWidth="sm"
      aria-labelledby={titleId}
      slotProps={{ transition: { onExited: forget } }}
    >
      <DialogTitle id={titleId}>
        {step.kind === 'codes' ? 'Two-factor sign-in is on' : 'Set up an authenticator app'}
      </DialogTitle>
      {step.kind === 'password' && (
        <Form
          onSubmit={(values: Record<string, unknown>) => start.mutate(String(values.password))}
          noValidate
        >
          <DialogContent sx={{ pt: 0 }}>
            <Typography variant="body2" sx={{ mb: 2 }}>
              You need an authenticator app on your phone, such as Aegis, Google Authenticator, 1Password or
              Bitwarden. Type your password to begin.
            </Typography>
            <PasswordInput
              source="password"
              label="Your password"
              autoComplete="current-password"
              validate={required()}
              autoFocus
            />
            {failed && <Alert severity="error">{problemMessage(failed)}</Alert>}
          </DialogContent>
          <DialogActions>
            <Button onClick={close} sx={{ minHeight: 44 }}>
              Cancel
            </Button>
            <Button type="submit" variant="contained" disabled={start.isPending} sx={{ minHeight: 44 }}>
              Continue
            </Button>
          </DialogActions>
        </Form>
      )}
      {step.kind === 'scan' && (
        <Form onSubmit={(values: Record<string, unknown>) => confirm.mutate(String(values.code))} noValidate>
          <DialogContent sx={{ pt: 0 }}>
            <Typography variant="body2" gutterBottom>
              1. Scan this QR code with the app.
            </Typography>
            <Box sx={{ display: 'flex', justifyContent: 'center', my: 1 }}>
              <Box
                component="img"
                src={step.setup.qrCode}
                alt="QR code for your authenticator app"
                sx={{ width: 200, height: 200, imageRendering: 'pixelated', bgcolor: '#fff', p: 1 }}
              />
            </Box>
            <Typography variant="body2" sx={{ mb: 1.5 }}>
              Cannot scan it? Add an account by hand in the app with this key (time-based):
            </Typography>
            <OneTimeSecret
              label="Setup key"
              value={step.setup.secret}
              warning="The key is shown only now, and it makes your codes: keep it to your app, never share it."
            />
            <Typography variant="body2" sx={{ mt: 2, mb: 1 }}>
              2. Type the 6-digit code the app now shows for Whiskey Tracker.
            </Typography>
            <TextInput
              source="code"
              label="Code from the app"
              autoComplete="one-time-code"
              validate={[required(), sixDigits]}
              slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 7 } }}
            />
            {failed && <Alert severity="error">{problemMessage(failed)}</Alert>}
          </DialogContent>
          <DialogActions>
            <Button onClick={close} sx={{ minHeight: 44 }}>
              Cancel
            </Button>
            <Button type="submit" variant="contained" disabled={confirm.isPending} sx={{ minHeight: 44 }}>
              Turn on
            </Button>
          </DialogActions>
        </Form>
      )}
      {step.kind === 'codes' && (
        <>
          <DialogContent sx={{ pt: 0 }}>
            <Typography variant="body2" sx={{ mb: 2 }}>
              From now on, signing in asks for a code from the app after your password.
            </Typography>
            <RecoveryCodes codes={step.codes} email={email} />
          </DialogContent>
          <DialogActions>
            <Button onClick={close} variant="contained" sx={{ minHeight: 44 }}>
              Done
            </Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
};
