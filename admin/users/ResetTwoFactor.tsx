import { useState } from 'react';
import { Alert, Box, Typography } from '@mui/material';
import PhonelinkEraseIcon from '@mui/icons-material/PhonelinkErase';
import { useMutation } from '@tanstack/react-query';
import {
  Button,
  Confirm,
  HttpError,
  useDataProvider,
  useGetIdentity,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { problemMessage } from '../login/useApiForm';
import { TwoFactorChip } from './TwoFactorChip';

type User = Schemas['HouseholdUserDto'];

/** What the last reset came to, shown under the button. */
type Outcome =
  | { kind: 'reset'; userNotified: boolean }
  /** The API's 409: nothing to reset. */
  | { kind: 'nothing'; message: string };

/**
 * "Reset two-factor sign-in" for a member who lost their authenticator app and recovery codes (or
 * their only passkey): after a confirmation, their second factors are removed, the member is told by
 * mail where mail works, and the admin sees whether they were. Not offered on one's own account.
 */
export const ResetTwoFactor = () => {
  const user = useRecordContext<User>();
  const { identity } = useGetIdentity();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const reset = useMutation({
    mutationFn: (id: string) => dataProvider.resetUserMfa(id),
    onSuccess: (result) => setOutcome({ kind: 'reset', userNotified: result.userNotified }),
    onError: (error) => {
      // 409: another admin (or the member) turned it off since this page was loaded.
      if (error instanceof HttpError && error.status === 409)
        setOutcome({ kind: 'nothing', message: problemMessage(error) });
      else notify(problemMessage(error), { type: 'error' });
    },
    // Reads the member again, so the status above the button shows what is now true.
    onSettled: () => {
      setConfirming(false);
      refresh();
    },
  });
  if (!user || !identity || identity.id === user.id) return null;

  return (
    <Box component="section" aria-label="Two-factor sign-in" sx={{ mb: 2, width: '100%' }}>
      <Typography variant="subtitle1" component="h2">
        Two-factor sign-in
      </Typography>
      <Typography variant="body2" sx={{ mb: 1 }}>
        Now: <TwoFactorChip factors={user.twoFactor} />
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        If {user.displayName} lost their authenticator app and recovery codes, or their passkeys, reset their
        two-factor sign-in: they sign in with their password alone until they set it up again.
      </Typography>
      <Button
        label="Reset two-factor sign-in"
        variant="outlined"
        color="warning"
        onClick={() => setConfirming(true)}
        disabled={reset.isPending || user.twoFactor.length === 0}
      >
        <PhonelinkEraseIcon />
      </Button>
      {outcome?.kind === 'reset' && (
        <Alert severity={outcome.userNotified ? 'success' : 'warning'} sx={{ mt: 1 }}>
          Two-factor sign-in of {user.displayName} is off.{' '}
          {outcome.userNotified
            ? 'They were told by email.'
            : 'They could not be told by email (mail is not set up or was refused): tell them yourself.'}
        </Alert>
      )}
      {outcome?.kind === 'nothing' && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {outcome.message}
        </Alert>
      )}
      <Confirm
        isOpen={confirming}
        loading={reset.isPending}
        title={`Reset the two-factor sign-in of ${user.displayName}?`}
        content={`Their authenticator app, recovery codes and passkeys stop working, and signing in takes only their password until they set two-factor sign-in up again. Make sure it is really ${user.displayName} who asked.`}
        confirm="Reset"
        confirmColor="warning"
        onConfirm={() => reset.mutate(user.id)}
        onClose={() => setConfirming(false)}
      />
    </Box>
  );
};
