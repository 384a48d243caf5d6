import { Box, CircularProgress, Typography } from '@mui/material';
import type { Schemas } from '../dataProvider';
import { usePhotoFile } from './usePhotoFile';

/** Edge of a thumbnail tile in px. */
export const TILE = 128;

/**
 * A photo's 256 px thumbnail as a square tile; a spinner while the photo is still processing (or the
 * local preview of an upload in progress, when given).
 */
export const PhotoThumbnail = ({
  photo,
  preview,
  alt,
}: {
  photo?: Schemas['PhotoDto'];
  preview?: string;
  alt: string;
}) => {
  const ready = photo?.state === 'ready';
  const src = usePhotoFile(ready ? photo.urls.thumb256 : null) ?? preview;
  return (
    <Box
      sx={{
        position: 'relative',
        width: TILE,
        height: TILE,
        borderRadius: 1,
        overflow: 'hidden',
        bgcolor: 'action.hover',
        display: 'grid',
        placeItems: 'center',
      }}
    >
      {src && <img src={src} alt={alt} style={{ width: '100%', height: '100%', objectFit: 'cover' }} />}
      {!ready &&
        (photo?.state === 'failed' ? (
          <Typography
            variant="caption"
            color="error"
            sx={{ position: 'absolute', p: 1, textAlign: 'center' }}
          >
            Thumbnails failed
          </Typography>
        ) : (
          <Box sx={{ position: 'absolute', display: 'grid', placeItems: 'center', gap: 0.5 }} role="status">
            <CircularProgress size={24} aria-hidden />
            <Typography variant="caption">Processing…</Typography>
          </Box>
        ))}
    </Box>
  );
};
