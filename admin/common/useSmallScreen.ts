import { useMediaQuery, type Theme } from '@mui/material';

/** Whether the screen is phone-sized, where lists become simple lists and forms one column. */
export function useSmallScreen(): boolean {
  return useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
}
