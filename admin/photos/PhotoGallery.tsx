import { useState, type ChangeEvent } from 'react';
import { Box, Button, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import AddAPhotoIcon from '@mui/icons-material/AddAPhoto';
import PhotoCameraIcon from '@mui/icons-material/PhotoCamera';
import DeleteIcon from '@mui/icons-material/Delete';
import StarIcon from '@mui/icons-material/Star';
import StarBorderIcon from '@mui/icons-material/StarBorder';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCanAccess, useDataProvider, useNotify, type Identifier } from 'react-admin';
import type { ConsoleDataProvider, PhotoOwner, Schemas } from '../dataProvider';
import { useSmallScreen } from '../common/useSmallScreen';
import { PhotoDropZone } from './PhotoDropZone';
import { PhotoLightbox } from './PhotoLightbox';
import { PhotoThumbnail } from './PhotoThumbnail';
import { ACCEPTED_TYPES, usePhotoUploads } from './usePhotoUploads';

const photoLabel = (photo: Schemas['PhotoDto'], index: number) =>
  `Photo ${index + 1}${photo.cover ? ' (cover)' : ''}`;

/**
 * The photos of a bottle or whisky: thumbnails (cover first) that open at 768 px, upload by picking,
 * dropping or (on a phone) taking a photo, with progress while each file travels, then a "processing"
 * tile until the thumbnails exist (refetched every second), cover choice and delete. Read-only users
 * only look.
 */
export const PhotoGallery = ({ owner, ownerId }: { owner: PhotoOwner; ownerId: Identifier }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const small = useSmallScreen();
  const { canAccess: canEdit } = useCanAccess({ action: 'edit', resource: owner });
  const [shown, setShown] = useState<number | null>(null);
  const queryKey = ['photos', owner, ownerId];
  const { data: photos = [] } = useQuery({
    queryKey,
    queryFn: () => dataProvider.photos(owner, ownerId),
    refetchInterval: (query) =>
      query.state.data?.some((photo) => photo.state === 'processing') ? 1000 : false,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  const { pending, upload } = usePhotoUploads(owner, ownerId, refresh);

  const act = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      notify(done, { type: 'info' });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
    await refresh();
  };

  const picked = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    void upload(files);
  };

  const shownPhoto = shown === null ? null : (photos[shown] ?? null);

  return (
    <Box component="section" aria-label="Photos" sx={{ my: 2 }}>
      <Stack direction="row" alignItems="center" spacing={2} useFlexGap sx={{ mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6">Photos</Typography>
        {canEdit && (
          <Button component="label" variant="outlined" startIcon={<AddAPhotoIcon />}>
            Add photo
            <input hidden type="file" accept={ACCEPTED_TYPES.join(',')} multiple onChange={picked} />
          </Button>
        )}
        {canEdit && small && (
          <Button component="label" variant="outlined" startIcon={<PhotoCameraIcon />}>
            Take photo
            <input hidden type="file" accept="image/*" capture="environment" onChange={picked} />
          </Button>
        )}
      </Stack>
      <PhotoDropZone onFiles={(files) => void upload(files)} disabled={!canEdit}>
        {photos.length === 0 && pending.length === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ py: 2 }}>
            {canEdit && !small ? 'No photos yet. Drop photos here or use Add photo.' : 'No photos yet.'}
          </Typography>
        )}
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
          {photos.map((photo, index) => (
            <Box key={photo.id} sx={{ position: 'relative' }}>
              <PhotoThumbnail photo={photo} alt={photoLabel(photo, index)} onOpen={() => setShown(index)} />
              {canEdit && (
                <Stack
                  direction="row"
                  sx={{ position: 'absolute', top: 0, right: 0, bgcolor: 'rgba(255,255,255,0.8)' }}
                >
                  <Tooltip title={photo.cover ? 'Cover photo' : 'Use as cover'}>
                    <span>
                      <IconButton
                        size="small"
                        aria-label={photo.cover ? 'Cover photo' : 'Use as cover'}
                        disabled={photo.cover}
                        onClick={() =>
                          void act(
                            () => dataProvider.setCoverPhoto(owner, ownerId, photo.id),
                            'Cover photo set',
                          )
                        }
                      >
                        {photo.cover ? <StarIcon color="warning" /> : <StarBorderIcon />}
                      </IconButton>
                    </span>
                  </Tooltip>
                  <Tooltip title="Delete photo">
                    <IconButton
                      size="small"
                      aria-label="Delete photo"
                      onClick={() =>
                        void act(() => dataProvider.deletePhoto(owner, ownerId, photo.id), 'Photo deleted')
                      }
                    >
                      <DeleteIcon />
                    </IconButton>
                  </Tooltip>
                </Stack>
              )}
            </Box>
          ))}
          {pending.map((entry) => (
            <PhotoThumbnail
              key={entry.id}
              preview={entry.preview}
              sent={entry.sent}
              alt={`Uploading ${entry.name}`}
            />
          ))}
        </Box>
      </PhotoDropZone>
      <PhotoLightbox
        photo={shownPhoto}
        title={shownPhoto && shown !== null ? photoLabel(shownPhoto, shown) : ''}
        onClose={() => setShown(null)}
      />
    </Box>
  );
};
