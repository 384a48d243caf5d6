import { useState } from 'react';
import { Alert, Button, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import { useQueryClient } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { AccountSection } from '../account/AccountSection';
import { problemMessage } from '../login/useApiForm';
import { ConfirmSecondFactorDialog, type SecondFactorChange } from './ConfirmSecondFactorDialog';
import { formatDate, SECURITY_KEYS, useMfaStatus } from './queries';
import { TotpSetupDialog } from './TotpSetupDialog';

/** Recovery codes left at which the section urges making new ones. */
const FEW_CODES = 3;

/**
 * Two-factor sign-in with an authenticator app: on or off, the recovery codes left, and setting it
 * up, making new recovery codes or turning it off.
 */
export const TwoFactorSection = ({ email }: { email?: string }) => {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { data: status, isPending, error } = useMfaStatus();
  const [settingUp, setSettingUp] = useState(false);
  const [change, setChange] = useState<SecondFactorChange | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: SECURITY_KEYS.mfa });

  return (
    <AccountSection
      title="Two-factor sign-in"
      subheader="After your password, a code from an app on your phone: a stolen password alone no longer opens your account."
    >
      {isPending ? (
        <LinearProgress />
      ) : error ? (
        <Alert severity="error">{problemMessage(error)}</Alert>
      ) : (
        <>
          <Stack
            direction="row"
            spacing={1}
            useFlexGap
            sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 1.5 }}
          >
            <Chip
              label={status.totpEnabled ? 'Authenticator app: on' : 'Authenticator app: off'}
              color={status.totpEnabled ? 'success' : 'default'}
              variant={status.totpEnabled ? 'filled' : 'outlined'}
            />
            {status.required && <Chip label="Required for your account" color="warning" variant="outlined" />}
          </Stack>
          {status.totpEnabled ? (
            <>
              <Typography variant="body2" sx={{ mb: 1 }}>
                Turned on {status.totpEnabledAt ? formatDate(status.totpEnabledAt) : ''}.{' '}
                {status.recoveryCodesRemaining} unused recovery{' '}
                {status.recoveryCodesRemaining === 1 ? 'code' : 'codes'} left.
              </Typography>
              {status.recoveryCodesRemaining <= FEW_CODES && (
                <Alert severity="warning" sx={{ mb: 1 }}>
                  Few recovery codes are left: make new ones, so that losing your phone does not lock you out.
                </Alert>
              )}
              <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
                <Button variant="outlined" onClick={() => setChange('regenerate')} sx={{ minHeight: 44 }}>
                  New recovery codes
                </Button>
                <Button color="error" onClick={() => setChange('disable')} sx={{ minHeight: 44 }}>
                  Turn off
                </Button>
              </Stack>
            </>
          ) : (
            <>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
                Works with any authenticator app: Aegis, Google Authenticator, 1Password, Bitwarden…
              </Typography>
              <Button
                variant="contained"
                startIcon={<PhonelinkLockIcon />}
                onClick={() => setSettingUp(true)}
                sx={{ minHeight: 44 }}
              >
                Set up authenticator app
              </Button>
            </>
          )}
        </>
      )}
      <TotpSetupDialog
        open={settingUp}
        email={email}
        onClose={(enabled) => {
          setSettingUp(false);
          if (enabled) {
            notify('Two-factor sign-in is on', { type: 'success' });
            void refresh();
          }
        }}
      />
      <ConfirmSecondFactorDialog
        change={change}
        required={status?.required}
        email={email}
        onClose={(changed) => {
          setChange(null);
          if (changed) void refresh();
        }}
      />
    </AccountSection>
  );
};
