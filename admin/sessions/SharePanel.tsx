import { useState } from 'react';
import { Button, Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import ShareIcon from '@mui/icons-material/Share';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import { useMutation } from '@tanstack/react-query';
import { Confirm, useDataProvider, useNotify } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';
import { CopyLinkField } from './CopyLinkField';
import type { TastingSession } from './sessionFormat';
import { useNotifyError } from './useNotifyError';

/**
 * The public link of a finished session's results (host or admin): create it (a new one replaces
 * the old), copy it, revoke it. The API shows a link only when it is created.
 */
export const SharePanel = ({ session }: { session: TastingSession }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const notifyError = useNotifyError();
  const [url, setUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const share = useMutation({
    mutationFn: () => dataProvider.shareSession(session.id),
    onSuccess: (created) => {
      setUrl(created.url);
      notify('Public link created', { type: 'success' });
    },
    onError: notifyError,
  });
  const revoke = useMutation({
    mutationFn: () => dataProvider.unshareSession(session.id),
    onSuccess: () => {
      setUrl(null);
      notify('Public link revoked: it no longer opens the results', { type: 'success' });
    },
    onError: notifyError,
    onSettled: () => setConfirming(false),
  });

  return (
    <Card>
      <CardHeader title="Share the results" />
      <CardContent sx={{ pt: 0 }}>
        {session.status !== 'finished' ? (
          <Typography color="text.secondary">
            The results can be shared once the session is finished.
          </Typography>
        ) : (
          <Stack spacing={2}>
            <Typography variant="body2" color="text.secondary">
              Anyone with the link sees the ranking, the whiskies and the participants’ display names, nothing
              else. Creating a new link turns the previous one off.
            </Typography>
            {url && <CopyLinkField label="Public link" url={url} />}
            <Stack direction="row" flexWrap="wrap" gap={1}>
              <Button
                size="large"
                variant="contained"
                startIcon={<ShareIcon />}
                disabled={share.isPending}
                onClick={() => share.mutate()}
              >
                {url ? 'Create a new link' : 'Create public link'}
              </Button>
              <Button
                size="large"
                color="error"
                startIcon={<LinkOffIcon />}
                disabled={revoke.isPending}
                onClick={() => setConfirming(true)}
              >
                Revoke public link
              </Button>
            </Stack>
          </Stack>
        )}
      </CardContent>
      <Confirm
        isOpen={confirming}
        loading={revoke.isPending}
        title="Revoke the public link?"
        content="The link stops working for everyone who has it."
        confirm="Revoke"
        onConfirm={() => revoke.mutate()}
        onClose={() => setConfirming(false)}
      />
    </Card>
  );
};
