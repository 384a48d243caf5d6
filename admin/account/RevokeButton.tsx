import type { ReactElement } from 'react';
import BlockIcon from '@mui/icons-material/Block';
import { DeleteWithConfirmButton, useNotify } from 'react-admin';

/** Props of {@link RevokeButton}. */
export interface RevokeButtonProps {
  /** Omitted inside a resource's own pages. */
  resource?: string;
  label: string;
  confirmTitle: string;
  confirmContent: string;
  /** Shown once the API has confirmed. */
  doneMessage: string;
  icon?: ReactElement;
}

/**
 * Ends something of the record in context (an invite, an API token, a device's session) after a
 * confirmation, and stays on the page.
 */
export const RevokeButton = ({
  resource,
  label,
  confirmTitle,
  confirmContent,
  doneMessage,
  icon = <BlockIcon />,
}: RevokeButtonProps) => {
  const notify = useNotify();
  return (
    <DeleteWithConfirmButton
      resource={resource}
      label={label}
      icon={icon}
      confirmTitle={confirmTitle}
      confirmContent={confirmContent}
      // react-admin treats `successMessage` as a translation key with "Element deleted" as fallback.
      mutationOptions={{ onSuccess: () => notify(doneMessage, { type: 'info' }) }}
      redirect={false}
      sx={{ minHeight: 44 }}
    />
  );
};
