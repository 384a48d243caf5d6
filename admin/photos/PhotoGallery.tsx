import { useState, type ChangeEvent } from 'react';
import { Box, Button, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import AddAPhotoIcon from '@mui/icons-material/AddAPhoto';
import DeleteIcon from '@mui/icons-material/Delete';
import StarIcon from '@mui/icons-material/Star';
import StarBorderIcon from '@mui/icons-material/StarBorder';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCanAccess, useDataProvider, useNotify, type Identifier } from 'react-admin';
import type { ConsoleDataProvider, PhotoOwner } from '../dataProvider';
import { PhotoThumbnail } from './PhotoThumbnail';

/** Formats the API reads, by their bytes; the picker offers only these. */
const ACCEPTED = 'image/jpeg,image/png,image/webp,image/avif';

interface PendingUpload {
  id: number;
  name: string;
  preview: string;
}

/**
 * The photos of a bottle or whisky: thumbnails (cover first), upload with a local preview while the
 * file travels, then a "processing" tile until the thumbnails exist (refetched every second), cover
 * choice and delete. Read-only users only look.
 */
export const PhotoGallery = ({ owner, ownerId }: { owner: PhotoOwner; ownerId: Identifier }) => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { canAccess: canEdit } = useCanAccess({ action: 'edit', resource: owner });
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const queryKey = ['photos', owner, ownerId];
  const { data: photos = [] } = useQuery({
    queryKey,
    queryFn: () => dataProvider.photos(owner, ownerId),
    refetchInterval: (query) =>
      query.state.data?.some((photo) => photo.state === 'processing') ? 1000 : false,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  const act = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      notify(done, { type: 'info' });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
    await refresh();
  };

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    await Promise.all(
      files.map(async (file, index) => {
        const entry = { id: Date.now() + index, name: file.name, preview: URL.createObjectURL(file) };
        setPending((current) => [...current, entry]);
        try {
          await dataProvider.uploadPhoto(owner, ownerId, file);
        } catch (error) {
          notify(`${file.name}: ${(error as Error).message}`, { type: 'error' });
        } finally {
          URL.revokeObjectURL(entry.preview);
          setPending((current) => current.filter((each) => each.id !== entry.id));
        }
      }),
    );
    await refresh();
  };

  return (
    <Box component="section" aria-label="Photos" sx={{ my: 2 }}>
      <Stack direction="row" alignItems="center" spacing={2} sx={{ mb: 1 }}>
        <Typography variant="h6">Photos</Typography>
        {canEdit && (
          <Button component="label" variant="outlined" startIcon={<AddAPhotoIcon />}>
            Add photo
            <input hidden type="file" accept={ACCEPTED} multiple onChange={(event) => void upload(event)} />
          </Button>
        )}
      </Stack>
      {photos.length === 0 && pending.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          No photos yet.
        </Typography>
      )}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
        {photos.map((photo, index) => (
          <Box key={photo.id} sx={{ position: 'relative' }}>
            <PhotoThumbnail photo={photo} alt={`Photo ${index + 1}${photo.cover ? ' (cover)' : ''}`} />
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
          <PhotoThumbnail key={entry.id} preview={entry.preview} alt={`Uploading ${entry.name}`} />
        ))}
      </Box>
    </Box>
  );
};
