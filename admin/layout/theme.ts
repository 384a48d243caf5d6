import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** Below MUI's `sm` breakpoint: a phone. */
const PHONE = '@media (max-width: 599.95px)';

/**
 * On a phone, the page and its frames may be narrower than their widest table (react-admin's layout
 * is at least as wide as its content, and flex items may not shrink below theirs): a wide table then
 * scrolls inside its own box instead of the whole page scrolling sideways.
 */
const SHRINKABLE = { minWidth: 0 };

/** Amber and oak: the console's colours, on react-admin's default theme. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    primary: { main: '#8a4b14' },
    secondary: { main: '#4e342e' },
  },
  sidebar: { width: 220, closedWidth: 55 },
  components: {
    ...defaultTheme.components,
    RaLayout: { styleOverrides: { root: { [PHONE]: SHRINKABLE, '& .RaLayout-content': SHRINKABLE } } },
    RaShow: { styleOverrides: { root: { '& .RaShow-card': SHRINKABLE } } },
    RaEdit: { styleOverrides: { root: { '& .RaEdit-card': SHRINKABLE } } },
  },
};
