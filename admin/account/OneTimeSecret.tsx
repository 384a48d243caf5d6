import { useRef } from 'react';
import { Alert, IconButton, InputAdornment, TextField, Tooltip } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useNotify } from 'react-admin';

/** Props of {@link OneTimeSecret}. */
export interface OneTimeSecretProps {
  /** What it is: "API token", "Invite link". */
  label: string;
  value: string;
  /** Why to copy it now, e.g. "It cannot be shown again." */
  warning: string;
}

/**
 * A secret the API shows only once (an API token, an invite link): selectable text, a copy button,
 * and a warning to copy it now.
 */
export const OneTimeSecret = ({ label, value, warning }: OneTimeSecretProps) => {
  const notify = useNotify();
  const input = useRef<HTMLInputElement>(null);

  const copy = async () => {
    input.current?.select();
    try {
      // The Clipboard API exists only in secure contexts; a console on plain HTTP in the LAN falls
      // back to copying the selection.
      if (navigator.clipboard) await navigator.clipboard.writeText(value);
      else if (!document.execCommand('copy')) throw new Error('copy refused');
      notify(`${label} copied`, { type: 'success' });
    } catch {
      notify('Could not copy: select the text and copy it yourself', { type: 'warning' });
    }
  };

  return (
    <>
      <Alert severity="warning" sx={{ mb: 2 }}>
        {warning}
      </Alert>
      <TextField
        label={label}
        value={value}
        inputRef={input}
        fullWidth
        onFocus={(event) => event.target.select()}
        slotProps={{
          htmlInput: { readOnly: true, spellCheck: false, sx: { fontFamily: 'monospace' } },
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <Tooltip title="Copy">
                  <IconButton
                    aria-label={`Copy ${label.toLowerCase()}`}
                    onClick={() => void copy()}
                    edge="end"
                  >
                    <ContentCopyIcon />
                  </IconButton>
                </Tooltip>
              </InputAdornment>
            ),
          },
        }}
      />
    </>
  );
};
