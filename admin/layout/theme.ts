import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** Amber and oak: the console's colours, on react-admin's default theme. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    primary: { main: '#8a4b14' },
    secondary: { main: '#4e342e' },
  },
  sidebar: { width: 220, closedWidth: 55 },
};
