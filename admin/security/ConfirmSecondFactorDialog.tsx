import { useId, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { Form, PasswordInput, required, TextInput, useDataProvider, useNotify } from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { useSmallScreen } from '../common/useSmallScreen';
import { problemMessage } from '../login/useApiForm';
import { RecoveryCodes } from './RecoveryCodes';

/** What the confirmation is for: new recovery codes, or turning two-factor sign-in off. */
export type SecondFactorChange = 'regenerate' | 'disable';

const TEXTS: Record<SecondFactorChange, { title: string; intro: string; submit: string }> = {
  regenerate: {
    title: 'New recovery codes',
    intro: 'You get ten new codes, and the old ones stop working. Confirm with your password and a code.',
    submit: 'Make new codes',
  },
  disable: {
    title: 'Turn off two-factor sign-in',
    intro:
      'Signing in will ask for your password only (and a passkey, if you have one). Confirm with your password and a code.',
    submit: 'Turn off',
  },
};

const sixDigits = (value: string | null) =>
  value && !/^\d{6}$/.test(value.replace(/\s/g, '')) ? 'The code has 6 digits' : undefined;

/** The API's body: the password, and the app's code or a recovery code. */
function confirmation(
  values: Record<string, unknown>,
  recovery: boolean,
): Schemas['ConfirmWithSecondFactorDto'] {
  const password = String(values.password);
  return recovery
    ? { password, recoveryCode: String(values.recoveryCode).trim() }
    : { password, code: String(values.code).replace(/\s/g, '') };
}

/** Props of {@link ConfirmSecondFactorDialog}. */
export interface ConfirmSecondFactorDialogProps {
  /** The change to confirm; null while closed. */
  change: SecondFactorChange | null;
  /** Called when the dialog closes; `changed` once the API made the change. */
  onClose: (changed: boolean) => void;
  /** Whether the policy requires two-factor sign-in of me (turning it off then locks the console). */
  required?: boolean;
  email?: string;
}

/**
 * Confirms a change that weakens or replaces two-factor sign-in with the password and a current code
 * (or a recovery code); new recovery codes are shown once and forgotten when the dialog closes.
 */
export const ConfirmSecondFactorDialog = ({
  change,
  onClose,
  required: requiredByPolicy,
  email,
}: ConfirmSecondFactorDialogProps) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const phone = useSmallScreen();
  const titleId = useId();
  // The last change asked for, kept while the dialog fades out.
  const [shown, setShown] = useState<SecondFactorChange>('regenerate');
  if (change && change !== shown) setShown(change);
  const [recovery, setRecovery] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const send = useMutation({
    mutationFn: async (body: Schemas['ConfirmWithSecondFactorDto']) => {
      if (shown === 'disable') {
        await dataProvider.disableTotp(body);
        return null;
      }
      return (await dataProvider.regenerateRecoveryCodes(body)).recoveryCodes;
    },
    // The new codes do not outlive the dialog in react-query's cache.
    gcTime: 0,
    onSuccess: (newCodes) => {
      if (newCodes) setCodes(newCodes);
      else {
        notify('Two-factor sign-in is off', { type: 'info' });
        onClose(true);
      }
    },
  });
  const forget = () => {
    setCodes(null);
    setRecovery(false);
    send.reset();
  };
  const texts = TEXTS[shown];

  return (
    <Dialog
      open={change !== null}
      onClose={codes ? undefined : () => onClose(false)}
      fullScreen={phone}
      fullWidth
      maxWidth="sm"
      aria-labelledby={titleId}
      slotProps={{ transition: { onExited: forget } }}
    >
      <DialogTitle id={titleId}>{texts.title}</DialogTitle>
      {codes ? (
        <>
          <DialogContent sx={{ pt: 0 }}>
            <RecoveryCodes codes={codes} email={email} />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => onClose(true)} variant="contained" sx={{ minHeight: 44 }}>
              Done
            </Button>
          </DialogActions>
        </>
      ) : (
        <Form
          onSubmit={(values: Record<string, unknown>) => send.mutate(confirmation(values, recovery))}
          noValidate
        >
          <DialogContent sx={{ pt: 0 }}>
            <Typography variant="body2" sx={{ mb: 2 }}>
              {texts.intro}
            </Typography>
            {shown === 'disable' && requiredByPolicy && (
              <Alert severity="warning" sx={{ mb: 2 }}>
                This installation requires two-factor sign-in for your account: until you set it up again, the
                console stays locked.
              </Alert>
            )}
            <PasswordInput
              source="password"
              label="Your password"
              autoComplete="current-password"
              validate={required()}
              autoFocus
            />
            {recovery ? (
              <TextInput
                source="recoveryCode"
                label="Recovery code"
                autoComplete="off"
                validate={required()}
                slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
              />
            ) : (
              <TextInput
                source="code"
                label="Code from the app"
                autoComplete="one-time-code"
                validate={[required(), sixDigits]}
                slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 7 } }}
              />
            )}
            <Button
              size="small"
              onClick={() => {
                send.reset();
                setRecovery(!recovery);
              }}
            >
              {recovery ? 'Use a code from the app' : 'Use a recovery code instead'}
            </Button>
            {send.isError && (
              <Alert severity="error" sx={{ mt: 1 }}>
                {problemMessage(send.error)}
              </Alert>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => onClose(false)} sx={{ minHeight: 44 }}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="contained"
              color={shown === 'disable' ? 'error' : 'primary'}
              disabled={send.isPending}
              sx={{ minHeight: 44 }}
            >
              {texts.submit}
            </Button>
          </DialogActions>
        </Form>
      )}
    </Dialog>
  );
};
