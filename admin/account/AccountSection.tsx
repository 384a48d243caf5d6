import { useId, type ReactNode } from 'react';
import { Card, CardContent, CardHeader } from '@mui/material';

/** Props of {@link AccountSection}. */
export interface AccountSectionProps {
  title: string;
  /** One sentence on what the section is for. */
  subheader?: ReactNode;
  /** Buttons beside the title (e.g. "Create token"). */
  action?: ReactNode;
  children: ReactNode;
}

/** One titled card of My account, announced as a named region. */
export const AccountSection = ({ title, subheader, action, children }: AccountSectionProps) => {
  const titleId = useId();
  return (
    <Card component="section" aria-labelledby={titleId}>
      <CardHeader
        title={title}
        subheader={subheader}
        action={action}
        slotProps={{
          title: { id: titleId, component: 'h2', variant: 'h6' },
          action: { sx: { alignSelf: 'center', m: 0 } },
        }}
      />
      <CardContent sx={{ pt: 0 }}>{children}</CardContent>
    </Card>
  );
};
