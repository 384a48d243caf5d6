import type { ReactNode } from 'react';
import { Box, Card, CardContent, Typography } from '@mui/material';

/** A titled card of the dashboard: a named region, so people (and tests) find it by its title. */
export const DashboardCard = ({
  title,
  subtitle,
  action,
  wide,
  children,
}: {
  title: string;
  subtitle?: string;
  /** A link or button beside the title ("See all"). */
  action?: ReactNode;
  /** Spans the whole row of the grid. */
  wide?: boolean;
  children: ReactNode;
}) => (
  <Card component="section" aria-label={title} sx={wide ? { gridColumn: '1 / -1' } : undefined}>
    <CardContent>
      <Box sx={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 1, mb: 1 }}>
        <Box>
          <Typography variant="h6" component="h2">
            {title}
          </Typography>
          {subtitle && (
            <Typography variant="body2" color="text.secondary">
              {subtitle}
            </Typography>
          )}
        </Box>
        {action}
      </Box>
      {children}
    </CardContent>
  </Card>
);
