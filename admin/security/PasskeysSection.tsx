import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  FormControlLabel,
  IconButton,
  LinearProgress,
  List,
  ListItem,
  Stack,
  Switch,
  Tooltip,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import FingerprintIcon from '@mui/icons-material/Fingerprint';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  BooleanInput,
  Confirm,
  maxLength,
  required,
  TextInput,
  useDataProvider,
  useNotify,
} from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { AccountSection } from '../account/AccountSection';
import { FormDialog } from '../common/FormDialog';
import { problemMessage } from '../login/useApiForm';
import { passkeysAvailable } from '../login/webauthn';
import { formatDate, SECURITY_KEYS, usePasskeys } from './queries';

type Passkey = Schemas['PasskeyDto'];

interface NewPasskey {
  name: string;
  passwordless: boolean;
}

const NAME_RULES = [required(), maxLength(100)];

/** One passkey: its name and dates, the password-less switch, rename and remove. */
const PasskeyItem = ({
  passkey,
  onRename,
  onRemove,
}: {
  passkey: Passkey;
  onRename: () => void;
  onRemove: () => void;
}) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  // Set in the click itself, so the switch moves at once rather than when react-query next renders.
  const [asked, setAsked] = useState<boolean | null>(null);
  const toggle = useMutation({
    mutationFn: (passwordless: boolean) => dataProvider.updatePasskey(passkey.id, { passwordless }),
    onSuccess: (saved) => {
      queryClient.setQueryData<Passkey[]>(SECURITY_KEYS.passkeys, (list) =>
        list?.map((each) => (each.id === saved.id ? saved : each)),
      );
      notify(
        saved.passwordless
          ? `“${saved.name}” now signs in without your password`
          : `“${saved.name}” now only confirms sign-ins after your password`,
        { type: 'info' },
      );
    },
    onError: (error) => notify(problemMessage(error), { type: 'error' }),
    onSettled: () => setAsked(null),
  });
  return (
    <ListItem divider sx={{ display: 'block', px: 0 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <FingerprintIcon color="action" sx={{ mt: 0.5 }} />
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography sx={{ overflowWrap: 'anywhere' }}>{passkey.name}</Typography>
          <Typography variant="body2" color="text.secondary">
            Added {formatDate(passkey.createdAt)} ·{' '}
            {passkey.lastUsedAt ? `last used ${formatDate(passkey.lastUsedAt, true)}` : 'never used'}
            {passkey.backedUp ? ' · synced' : ''}
          </Typography>
          <FormControlLabel
            control={
              <Switch
                checked={asked ?? passkey.passwordless}
                disabled={asked !== null}
                onChange={(event) => {
                  setAsked(event.target.checked);
                  toggle.mutate(event.target.checked);
                }}
              />
            }
            label="Sign in without password"
          />
        </Box>
        <Tooltip title="Rename">
          <IconButton aria-label={`Rename ${passkey.name}`} onClick={onRename}>
            <EditIcon />
          </IconButton>
        </Tooltip>
        <Tooltip title="Remove">
          <IconButton aria-label={`Remove ${passkey.name}`} onClick={onRemove}>
            <DeleteIcon />
          </IconButton>
        </Tooltip>
      </Stack>
    </ListItem>
  );
};

/**
 * My passkeys: the fingerprint, face or PIN of a device (or a security key) confirming a sign-in after
 * the password, or, where allowed, replacing it. Add, rename, allow password-less sign-in, remove.
 */
export const PasskeysSection = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { data: passkeys, isPending, error } = usePasskeys();
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<Passkey | null>(null);
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const available = passkeysAvailable();
  const changed = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: SECURITY_KEYS.passkeys }),
      // A passkey is a second factor: it can end an enrolment the policy asks for.
      queryClient.invalidateQueries({ queryKey: SECURITY_KEYS.mfa }),
    ]);
  const remove = useMutation({
    mutationFn: (passkey: Passkey) => dataProvider.removePasskey(passkey.id),
    onSuccess: (_, passkey) => {
      notify(`Passkey “${passkey.name}” removed`, { type: 'info' });
      void changed();
    },
    onError: (failure) => notify(problemMessage(failure), { type: 'error' }),
    onSettled: () => setRemoving(null),
  });

  return (
    <AccountSection
      title="Passkeys"
      subheader="Confirm sign-ins with your device’s fingerprint, face or PIN, or a security key, instead of a code."
      action={
        available && (
          <Button startIcon={<AddIcon />} onClick={() => setAdding(true)} sx={{ minHeight: 44 }}>
            Add passkey
          </Button>
        )
      }
    >
      {!available && (
        <Alert severity="info" sx={{ mb: 1 }}>
          This browser cannot use passkeys here: they need the console on HTTPS (or on localhost).
        </Alert>
      )}
      {isPending ? (
        <LinearProgress />
      ) : error ? (
        <Alert severity="error">{problemMessage(error)}</Alert>
      ) : passkeys.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No passkeys yet.
        </Typography>
      ) : (
        <List disablePadding aria-label="Passkeys">
          {passkeys.map((passkey) => (
            <PasskeyItem
              key={passkey.id}
              passkey={passkey}
              onRename={() => setRenaming(passkey)}
              onRemove={() => setRemoving(passkey)}
            />
          ))}
        </List>
      )}
      <FormDialog<NewPasskey>
        open={adding}
        title="Add a passkey"
        submitLabel="Create passkey"
        submitIcon={<FingerprintIcon />}
        defaultValues={{ name: '', passwordless: false }}
        onClose={() => setAdding(false)}
        onSubmit={async ({ name, passwordless }) => {
          const added = await dataProvider.addPasskey({ name: name.trim(), passwordless });
          notify(`Passkey “${added.name}” added`, { type: 'success' });
          await changed();
        }}
      >
        <Typography variant="body2" sx={{ mb: 2 }}>
          Your browser asks you to create the passkey on this device, a phone nearby or a security key.
        </Typography>
        <TextInput
          source="name"
          label="Name"
          helperText="To tell it apart, e.g. “Laptop” or “YubiKey”"
          validate={NAME_RULES}
          autoFocus
        />
        <BooleanInput
          source="passwordless"
          label="Allow sign-in without password"
          helperText="The passkey alone then signs you in; otherwise it confirms sign-ins after your password."
        />
      </FormDialog>
      <FormDialog<{ name: string }>
        key={renaming?.id}
        open={renaming !== null}
        title="Rename passkey"
        submitLabel="Save"
        submitIcon={<EditIcon />}
        defaultValues={{ name: renaming?.name ?? '' }}
        onClose={() => setRenaming(null)}
        onSubmit={async ({ name }) => {
          if (!renaming) return;
          await dataProvider.updatePasskey(renaming.id, { name: name.trim() });
          notify('Passkey renamed', { type: 'info' });
          await changed();
        }}
      >
        <TextInput source="name" label="Name" validate={NAME_RULES} autoFocus />
      </FormDialog>
      <Confirm
        isOpen={removing !== null}
        loading={remove.isPending}
        title={`Remove “${removing?.name ?? ''}”?`}
        content="It can no longer sign you in or confirm a sign-in. The passkey stays on the device until you delete it there."
        confirm="Remove"
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      />
    </AccountSection>
  );
};
