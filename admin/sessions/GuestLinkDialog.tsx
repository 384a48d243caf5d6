import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { CopyLinkField } from './CopyLinkField';

/** The link of a guest just added: the API shows it this once, so it is handed over right away. */
export const GuestLinkDialog = ({ guest, onClose }: GuestLinkDialogProps) => (
  <Dialog open={!!guest} onClose={onClose} fullWidth maxWidth="sm">
    {guest && (
      <>
        <DialogTitle>Link for {guest.name}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            Send this link to {guest.name}: it opens their notes for this tasting, no account needed. It is
            shown only now (you can copy it again from the participants until you leave this page).
          </DialogContentText>
          <CopyLinkField label="Guest link" url={guest.link} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} size="large">
            Done
          </Button>
        </DialogActions>
      </>
    )}
  </Dialog>
);

/** Props of {@link GuestLinkDialog}. */
export interface GuestLinkDialogProps {
  /** The guest whose link to show; closed when null. */
  guest: { name: string; link: string } | null;
  onClose: () => void;
}
