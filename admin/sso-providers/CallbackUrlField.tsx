import { useRef } from 'react';
import { IconButton, InputAdornment, TextField, Tooltip } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useNotify } from 'react-admin';

/**
 * The redirect URI to register at the identity provider: a read-only field (select it by hand where
 * the browser refuses the clipboard) and a copy button.
 */
export const CallbackUrlField = ({ url }: { url: string }) => {
  const notify = useNotify();
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    input.current?.select();
    try {
      // The Clipboard API exists only in secure contexts: a console on plain http in the LAN copies the selection.
      if (navigator.clipboard) await navigator.clipboard.writeText(url);
      else if (!document.execCommand('copy')) throw new Error('copy refused');
      notify('Callback URL copied', { type: 'success' });
    } catch {
      notify('Copying is blocked here: the URL is selected, copy it by hand', { type: 'warning' });
    }
  };
  return (
    <TextField
      label="Callback URL"
      value={url}
      fullWidth
      inputRef={input}
      onFocus={(event) => event.target.select()}
      helperText="Register it at the provider as the redirect URI of this client"
      slotProps={{
        htmlInput: {
          readOnly: true,
          spellCheck: false,
          sx: { fontFamily: 'monospace', textOverflow: 'ellipsis' },
        },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title="Copy">
                <IconButton aria-label="Copy callback URL" onClick={() => void copy()} edge="end">
                  <ContentCopyIcon />
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }}
    />
  );
};
