import { Avatar } from '@mui/material';
import LiquorIcon from '@mui/icons-material/Liquor';
import { usePhotoFile } from './usePhotoFile';

/** A record's cover photo as a small square avatar in lists; a bottle icon while it has none. */
export const CoverThumbnail = ({
  url,
  alt,
  size = 40,
}: {
  url: string | null;
  alt: string;
  size?: number;
}) => {
  const src = usePhotoFile(url);
  return (
    <Avatar variant="rounded" src={src ?? undefined} alt={alt} sx={{ width: size, height: size }}>
      <LiquorIcon aria-hidden fontSize="small" />
    </Avatar>
  );
};
