import { useRef } from 'react';
import { IconButton, InputAdornment, TextField, Tooltip } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useNotify } from 'react-admin';

/**
 * A link to hand on: a read-only field showing it (select and copy it by hand where the browser
 * refuses the clipboard) and a button copying it with `navigator.clipboard`.
 */
export const CopyLinkField = ({ label, url }: { label: string; url: string }) => {
  const notify = useNotify();
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      notify('Link copied', { type: 'success' });
    } catch {
      input.current?.select();
      notify('Copying is blocked here: the link is selected, copy it by hand', { type: 'warning' });
    }
  };
  return (
    <TextField
      label={label}
      value={url}
      fullWidth
      inputRef={input}
      onFocus={(event) => event.target.select()}
      slotProps={{
        htmlInput: { readOnly: true },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <Tooltip title="Copy">
                <IconButton
                  aria-label={`Copy ${label.toLowerCase()}`}
                  onClick={() => void copy()}
                  edge="end"
                  size="large"
                >
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
