import { useState, type FormEvent } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Card,
  CardContent,
  Skeleton,
  TextField,
  Typography,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { Title, useDataProvider, useNotify } from 'react-admin';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConsoleDataProvider } from '../../dataProvider';
import { saveFile } from '../../import-export/saveFile';
import { formatWhen } from '../format';

const QUERY_KEY = ['backups', 'identity'];

/**
 * The backup encryption key: whether it exists, its public half, when a copy was last downloaded
 * (loudly when never), and the download after the admin enters their password again.
 */
export const IdentityPage = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { data: identity, error } = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => dataProvider.backupIdentity(),
  });
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const download = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      saveFile(await dataProvider.downloadBackupIdentity(password));
      setPassword('');
      notify('Encryption key downloaded: keep it somewhere safe, away from this server', { type: 'success' });
      await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
    } catch (cause) {
      setFailure(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ my: 2, maxWidth: 760 }}>
      <Title title="Encryption key" />
      <Alert severity="warning" sx={{ mb: 2 }}>
        <AlertTitle>Backups cannot be restored without this key</AlertTitle>
        Every backup is encrypted. If this server is lost, only the key file can open the backups: download it
        and keep it somewhere else (a password manager, a USB stick in a drawer). Anyone with the file can
        read your backups.
      </Alert>
      {error && <Alert severity="error">{error.message}</Alert>}
      {!identity && !error && <Skeleton variant="rounded" height={160} />}
      {identity && (
        <Card>
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              Backup encryption key
            </Typography>
            {!identity.exists ? (
              <Alert severity="info" sx={{ mb: 2 }}>
                No key yet: it is created by the first backup, or now if you download it.
              </Alert>
            ) : (
              <>
                <Typography variant="caption" color="text.secondary">
                  Public key (backups are encrypted to it)
                </Typography>
                <Typography sx={{ fontFamily: 'monospace', wordBreak: 'break-all', mb: 1 }}>
                  {identity.recipient}
                </Typography>
                <Typography variant="body2" gutterBottom>
                  Created {formatWhen(identity.createdAt)}
                </Typography>
                {identity.downloadedAt ? (
                  <Alert severity="success" sx={{ mb: 2 }}>
                    Last downloaded {formatWhen(identity.downloadedAt)}.
                  </Alert>
                ) : (
                  <Alert severity="error" variant="filled" sx={{ mb: 2 }}>
                    Never downloaded: the only copy of this key is on this server. If the server is lost,
                    every backup is lost with it. Download it now.
                  </Alert>
                )}
              </>
            )}
            <Box
              component="form"
              onSubmit={(event) => void download(event)}
              sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
            >
              <TextField
                type="password"
                label="Your password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                size="small"
                helperText="Enter it again to download the key"
              />
              <Button
                type="submit"
                variant="contained"
                startIcon={<DownloadIcon />}
                disabled={!password || busy}
              >
                Download key
              </Button>
            </Box>
            {failure && (
              <Alert severity="error" sx={{ mt: 2 }}>
                {failure}
              </Alert>
            )}
          </CardContent>
        </Card>
      )}
    </Box>
  );
};

export default IdentityPage;
