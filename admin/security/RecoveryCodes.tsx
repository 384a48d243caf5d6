import { Alert, Box, Button, Stack } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DownloadIcon from '@mui/icons-material/Download';
import { useNotify } from 'react-admin';
import { saveFile } from '../import-export/saveFile';

/** Props of {@link RecoveryCodes}. */
export interface RecoveryCodesProps {
  codes: string[];
  /** The account they belong to, written into the downloaded file. */
  email?: string;
}

/** The text of the downloaded file: what the codes are for, then one code a line. */
function fileText(codes: string[], email: string | undefined): string {
  return [
    `Whiskey Tracker recovery codes${email ? ` for ${email}` : ''}`,
    `Made ${new Date().toISOString().slice(0, 10)}. Each code signs you in once instead of an authenticator code.`,
    '',
    ...codes,
    '',
  ].join('\n');
}

/**
 * Recovery codes the API shows only once (after turning two-factor sign-in on, or making new ones):
 * the list, a copy button and a .txt download. The caller forgets them when the person is done.
 */
export const RecoveryCodes = ({ codes, email }: RecoveryCodesProps) => {
  const notify = useNotify();
  const copy = async () => {
    try {
      // The Clipboard API exists only in secure contexts (not on plain HTTP in the LAN).
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(codes.join('\n'));
      notify('Recovery codes copied', { type: 'success' });
    } catch {
      notify('Could not copy: download them, or select the codes and copy them yourself', {
        type: 'warning',
      });
    }
  };
  return (
    <>
      <Alert severity="warning" sx={{ mb: 2 }}>
        Save these codes somewhere safe, away from your phone: each one signs you in once if you lose the app.
        They cannot be shown again.
      </Alert>
      <Box
        component="ul"
        aria-label="Recovery codes"
        sx={{
          listStyle: 'none',
          m: 0,
          p: 2,
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' },
          gap: 1,
          fontFamily: 'monospace',
          fontSize: '1rem',
          bgcolor: 'action.hover',
          borderRadius: 1,
          userSelect: 'all',
        }}
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 2, flexWrap: 'wrap' }}>
        <Button startIcon={<ContentCopyIcon />} onClick={() => void copy()} sx={{ minHeight: 44 }}>
          Copy
        </Button>
        <Button
          startIcon={<DownloadIcon />}
          onClick={() =>
            saveFile({
              blob: new Blob([fileText(codes, email)], { type: 'text/plain' }),
              fileName: 'whiskey-tracker-recovery-codes.txt',
            })
          }
          sx={{ minHeight: 44 }}
        >
          Download .txt
        </Button>
      </Stack>
    </>
  );
};
