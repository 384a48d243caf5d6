import { Box, CircularProgress, IconButton, LinearProgress, Typography } from '@mui/material';
import ZoomInIcon from '@mui/icons-material/ZoomIn';
import type { Schemas } from '../dataProvider';
import { usePhotoFile } from './usePhotoFile';

/** Edge of a thumbnail tile in px. */
export const TILE = 128;

const overlay = { position: 'absolute', display: 'grid', placeItems: 'center', gap: 0.5 } as const;

/** What a tile shows over its picture while the photo is not ready: upload progress, processing or failure. */
const TileState = ({ photo, sent, name }: { photo?: Schemas['PhotoDto']; sent?: number; name: string }) => {
  if (sent !== undefined) {
    const percent = Math.round(sent * 100);
    return (
      <Box
        sx={{
          ...overlay,
          inset: 'auto 8px 8px 8px',
          bgcolor: 'rgba(255,255,255,0.85)',
          p: 0.5,
          borderRadius: 1,
        }}
      >
        <Typography variant="caption">{percent < 100 ? `Uploading ${percent} %` : 'Processing…'}</Typography>
        <LinearProgress variant="determinate" value={percent} aria-label={name} sx={{ width: TILE - 32 }} />
      </Box>
    );
  }
  if (photo?.state === 'failed') {
    return (
      <Typography variant="caption" color="error" sx={{ position: 'absolute', p: 1, textAlign: 'center' }}>
        Thumbnails failed
      </Typography>
    );
  }
  return (
    <Box sx={overlay} role="status">
      <CircularProgress size={24} aria-hidden />
      <Typography variant="caption">Processing…</Typography>
    </Box>
  );
};

/**
 * A photo's 256 px thumbnail as a square tile, with a button that opens it (`onOpen`) once it is ready.
 * While the photo is processing it shows a spinner; for an upload in progress (`sent`, 0 to 1) the
 * local preview with a progress bar.
 */
export const PhotoThumbnail = ({
  photo,
  preview,
  sent,
  alt,
  onOpen,
}: {
  photo?: Schemas['PhotoDto'];
  preview?: string;
  sent?: number;
  alt: string;
  onOpen?: () => void;
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
      {src && (
        <img
          src={src}
          alt={alt}
          onClick={ready ? onOpen : undefined}
          style={{
            width: '100%',
            height: '100%',
            objectFit: 'cover',
            cursor: ready && onOpen ? 'zoom-in' : undefined,
          }}
        />
      )}
      {ready && onOpen && (
        <IconButton
          size="small"
          aria-label={`View ${alt.toLowerCase()}`}
          onClick={onOpen}
          sx={{ position: 'absolute', left: 4, bottom: 4, bgcolor: 'rgba(255,255,255,0.8)' }}
        >
          <ZoomInIcon fontSize="small" />
        </IconButton>
      )}
      {!ready && <TileState photo={photo} sent={sent} name={alt} />}
    </Box>
  );
};
