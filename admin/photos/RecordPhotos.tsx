import { Card, CardContent } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { PhotoOwner } from '../dataProvider';
import { PhotoGallery } from './PhotoGallery';

/** The photo gallery of the shown bottle or whisky, as a card of its show page. */
export const RecordPhotos = ({ owner }: { owner: PhotoOwner }) => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Card>
      <CardContent>
        <PhotoGallery owner={owner} ownerId={record.id} />
      </CardContent>
    </Card>
  );
};
