import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import {
  Form,
  maxLength,
  RadioButtonGroupInput,
  required,
  SaveButton,
  SelectInput,
  TextInput,
  useCreate,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { useApiForm } from '../login/useApiForm';
import { OneTimeSecret } from './OneTimeSecret';

type CreatedToken = Schemas['CreatedApiTokenDto'];

interface TokenForm {
  name: string;
  scope: Schemas['CreateApiTokenDto']['scope'];
  /** Days until it stops working; empty for never. */
  expiresAt: number | null;
}

const SCOPES = [
  { id: 'read', name: 'Read only: look things up' },
  { id: 'write', name: 'Read and write: also add and change things' },
];

const LIFETIMES = [
  { id: 30, name: '30 days' },
  { id: 90, name: '90 days' },
  { id: 365, name: '1 year' },
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The API's creation body: the lifetime chosen in days becomes a point in time. */
function toCreateDto({ name, scope, expiresAt }: TokenForm): Schemas['CreateApiTokenDto'] {
  return {
    name,
    scope,
    ...(expiresAt ? { expiresAt: new Date(Date.now() + expiresAt * DAY_MS).toISOString() } : {}),
  };
}

/**
 * Creates a personal API token, then shows its secret once with a copy button; closing the dialog
 * forgets it.
 */
export const CreateApiTokenDialog = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const [create] = useCreate<CreatedToken>();
  const form = useApiForm((values: TokenForm) =>
    create('api-tokens', { data: toCreateDto(values) }, { returnPromise: true }),
  );
  const close = () => {
    form.reset();
    onClose();
  };
  const created = form.result;
  return (
    <Dialog
      open={open}
      onClose={close}
      fullScreen={phone}
      fullWidth
      maxWidth="sm"
      aria-labelledby="new-token-title"
    >
      <DialogTitle id="new-token-title">{created ? 'Token created' : 'New API token'}</DialogTitle>
      {created ? (
        <>
          <DialogContent>
            <OneTimeSecret
              label="API token"
              value={created.token}
              warning="Copy the token now and keep it somewhere safe: it cannot be shown again."
            />
            <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
              Send it as <code>Authorization: Bearer &lt;token&gt;</code> with each request to the API.
            </Typography>
          </DialogContent>
          <DialogActions>
            <Button onClick={close} variant="contained" sx={{ minHeight: 44 }}>
              Done
            </Button>
          </DialogActions>
        </>
      ) : (
        <Form onSubmit={form.onSubmit} defaultValues={{ scope: 'read', expiresAt: null }} noValidate>
          <DialogContent>
            <TextInput
              source="name"
              label="Name"
              helperText="What it is for, e.g. Home Assistant"
              validate={[required(), maxLength(100)]}
              autoFocus
            />
            <RadioButtonGroupInput
              source="scope"
              label="Access"
              choices={SCOPES}
              row={false}
              validate={required()}
            />
            <SelectInput source="expiresAt" label="Expires" choices={LIFETIMES} emptyText="Never" />
          </DialogContent>
          <DialogActions>
            <Button onClick={close} sx={{ minHeight: 44 }}>
              Cancel
            </Button>
            <SaveButton label="Create token" icon={<KeyIcon />} />
          </DialogActions>
        </Form>
      )}
    </Dialog>
  );
};
