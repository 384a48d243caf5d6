import { Button, type ButtonProps } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Link, useCanAccess, useCreatePath } from 'react-admin';

/**
 * Opens `resource`'s create form with `record` filled in (a bottle of this whisky, a whisky with this
 * barcode). Unlike react-admin's CreateButton it stays a labelled button on a phone instead of a
 * floating one, since it sits inside a page. Hidden from users who may not create.
 */
export const PrefilledCreateButton = ({
  resource,
  record,
  label,
  variant = 'text',
}: {
  resource: string;
  record: Record<string, unknown>;
  label: string;
  variant?: ButtonProps['variant'];
}) => {
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ action: 'create', resource });
  if (!canAccess) return null;
  return (
    <Button
      component={Link}
      to={createPath({ resource, type: 'create' })}
      state={{ record }}
      variant={variant}
      startIcon={<AddIcon />}
      sx={{ minHeight: 44 }}
    >
      {label}
    </Button>
  );
};
