import { useState } from 'react';
import {
  Alert,
  Button,
  Chip,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { DateField, RecordContextProvider, useGetList } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { problemMessage } from '../login/useApiForm';
import { AccountSection } from './AccountSection';
import { CreateApiTokenDialog } from './CreateApiTokenDialog';
import { RevokeButton } from './RevokeButton';

type ApiToken = Schemas['ApiTokenDto'];

const TokenItem = ({ token }: { token: ApiToken }) => (
  <RecordContextProvider value={token}>
    <ListItem
      divider
      secondaryAction={
        <RevokeButton
          resource="api-tokens"
          label="Revoke"
          confirmTitle={`Revoke “${token.name}”?`}
          confirmContent="Whatever uses this token loses access at once."
          doneMessage="Token revoked"
        />
      }
    >
      <ListItemText
        sx={{ pr: { xs: 6, sm: 12 } }}
        primary={
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <span>{token.name}</span>
            <Chip
              size="small"
              variant="outlined"
              label={token.scope === 'write' ? 'Read and write' : 'Read only'}
            />
          </Stack>
        }
        secondary={
          <>
            <code>{token.prefix}…</code> · created <DateField source="createdAt" /> ·{' '}
            {token.expiresAt ? (
              <>
                expires <DateField source="expiresAt" />
              </>
            ) : (
              'never expires'
            )}{' '}
            ·{' '}
            {token.lastUsedAt ? (
              <>
                last used <DateField source="lastUsedAt" showTime />
              </>
            ) : (
              'never used'
            )}
          </>
        }
        slotProps={{ secondary: { component: 'span', sx: { display: 'block' } } }}
      />
    </ListItem>
  </RecordContextProvider>
);

/** My personal API tokens, for scripts and home automation: create (shown once), list, revoke. */
export const ApiTokensSection = () => {
  const [creating, setCreating] = useState(false);
  const { data, isPending, error } = useGetList<ApiToken>('api-tokens');
  return (
    <AccountSection
      title="API tokens"
      subheader="Let scripts and apps use the API as you, without your password."
      action={
        <Button startIcon={<AddIcon />} onClick={() => setCreating(true)} sx={{ minHeight: 44 }}>
          Create token
        </Button>
      }
    >
      {isPending ? (
        <LinearProgress />
      ) : error ? (
        <Alert severity="error">{problemMessage(error)}</Alert>
      ) : data.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No tokens yet.
        </Typography>
      ) : (
        <List disablePadding aria-label="API tokens">
          {data.map((token) => (
            <TokenItem key={token.id} token={token} />
          ))}
        </List>
      )}
      <CreateApiTokenDialog open={creating} onClose={() => setCreating(false)} />
    </AccountSection>
  );
};
