import type { ReactNode } from 'react';
import { Avatar, Box, Card, CardContent, Stack, Typography } from '@mui/material';
import LiquorIcon from '@mui/icons-material/Liquor';

/** Props of {@link AuthCard}. */
export interface AuthCardProps {
  /** The page's heading, e.g. "Sign in". */
  title: string;
  /** One sentence under the heading. */
  subtitle?: ReactNode;
  children: ReactNode;
  /** Links under the card's content (back to sign-in, register…). */
  footer?: ReactNode;
}

/**
 * The frame of the signed-out screens (sign-in, registration, password reset, email verification):
 * one centred card on the console's oak background, full width on a phone.
 */
export const AuthCard = ({ title, subtitle, children, footer }: AuthCardProps) => (
  <Box
    component="main"
    sx={{
      minHeight: '100vh',
      display: 'flex',
      alignItems: { xs: 'stretch', sm: 'flex-start' },
      justifyContent: 'center',
      p: { xs: 0, sm: 2 },
      pt: { sm: '8vh' },
      background: 'radial-gradient(circle at 50% 12em, #8a4b14 0%, #4e342e 55%, #2b1d19 100%)',
    }}
  >
    <Card sx={{ width: '100%', maxWidth: { sm: 420 }, borderRadius: { xs: 0, sm: 2 } }}>
      <CardContent sx={{ p: { xs: 3, sm: 4 } }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 3 }}>
          <Avatar sx={{ bgcolor: 'primary.main' }}>
            <LiquorIcon />
          </Avatar>
          <Typography variant="subtitle1" component="p" sx={{ fontWeight: 600 }}>
            Whiskey Tracker
          </Typography>
        </Stack>
        <Typography variant="h5" component="h1" gutterBottom>
          {title}
        </Typography>
        {subtitle && (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {subtitle}
          </Typography>
        )}
        {children}
        {footer && (
          <Stack spacing={1} sx={{ mt: 3, alignItems: 'center' }}>
            {footer}
          </Stack>
        )}
      </CardContent>
    </Card>
  </Box>
);
