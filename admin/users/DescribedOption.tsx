import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';

/** A choice that says what it means: `{ id, name, description }`. */
export interface DescribedChoice {
  id: string;
  name: string;
  description: string;
}

/** A radio choice with its description beside it (`optionText={<DescribedOption />}`). */
export const DescribedOption = () => {
  const choice = useRecordContext<DescribedChoice>();
  if (!choice) return null;
  return (
    <span>
      {choice.name}
      <Typography component="span" variant="body2" color="text.secondary">
        {' '}
        – {choice.description}
      </Typography>
    </span>
  );
};
