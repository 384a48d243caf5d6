import { Box, CircularProgress, Dialog, DialogContent, DialogTitle, IconButton } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import type { Schemas } from '../dataProvider';
import { usePhotoFile } from './usePhotoFile';

/** One photo at 768 px in a dialog, opened from its thumbnail. */
export const PhotoLightbox = ({
  photo,
  title,
  onClose,
}: {
  photo: Schemas['PhotoDto'] | null;
  title: string;
  onClose: () => void;
}) => {
  const src = usePhotoFile(photo ? photo.urls.thumb768 : null);
  return (
    <Dialog open={photo !== null} onClose={onClose} maxWidth="md" aria-labelledby="photo-lightbox-title">
      <DialogTitle id="photo-lightbox-title" sx={{ pr: 6 }}>
        {title}
        <IconButton aria-label="Close" onClick={onClose} sx={{ position: 'absolute', right: 8, top: 8 }}>
          <CloseIcon />
        </IconButton>
      </DialogTitle>
      <DialogContent sx={{ display: 'grid', placeItems: 'center', minWidth: { sm: 400 }, minHeight: 240 }}>
        {src ? (
          <Box
            component="img"
            src={src}
            alt={`${title}, large`}
            sx={{ maxWidth: '100%', maxHeight: '75vh', objectFit: 'contain', display: 'block' }}
          />
        ) : (
          <CircularProgress aria-label="Loading photo" />
        )}
      </DialogContent>
    </Dialog>
  );
};
